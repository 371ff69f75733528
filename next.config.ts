import type { NextConfig } from "next";
import { COMMON_SECURITY_HEADERS, PAGE_CSP } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
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
