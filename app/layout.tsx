import type { Metadata, Viewport } from "next";
import { ServiceWorker } from "./_components/service-worker";
import "./globals.css";

export const metadata: Metadata = {
  title: "MiniMost",
  description: "Team chat",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: "#1e1e1e",
};

export default function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans antialiased">
        {children}
        <ServiceWorker />
      </body>
    </html>
  );
}
