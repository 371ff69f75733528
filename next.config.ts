import type { NextConfig } from "next";
import { COMMON_SECURITY_HEADERS, PAGE_CSP } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // Separate builds can live side by side (the benchmarks and server tests build their own).
  distDir: process.env.MINIMOST_BUILD_DIR || ".next",
  poweredByHeader: false,
  reactStrictMode: true,
  // The reference's paths have no trailing slash; never redirect API clients.
  skipTrailingSlashRedirect: true,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: PAGE_CSP },
          ...Object.entries(COMMON_SECURITY_HEADERS).map(([key, value]) => ({ key, value })),
        ],
      },
    ];
  },
};

export default nextConfig;
