import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Served by server.ts (Express in front of Next), so no standalone output: ADR 0001.
  poweredByHeader: false,
  reactStrictMode: true,
  // Loaded from node_modules at run time rather than bundled, so the route handlers and the
  // custom server use the same driver code and native bits.
  serverExternalPackages: ["pino", "thread-stream", "bullmq", "ioredis", "pg", "@prisma/client", "@prisma/adapter-pg", "prom-client"],
  typescript: { tsconfigPath: "tsconfig.json" },
};

export default nextConfig;
