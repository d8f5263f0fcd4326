import type { NextConfig } from "next";
import { withSentryConfig } from "@sentry/nextjs/config";

const nextConfig: NextConfig = {
  // Served by server.ts (Express in front of Next), so no standalone output: ADR 0001.
  poweredByHeader: false,
  reactStrictMode: true,
  // Loaded from node_modules at run time rather than bundled, so the route handlers and the
  // custom server use the same driver code and native bits.
  serverExternalPackages: [
    "better-auth",
    "@node-rs/argon2",
    "pino",
    "thread-stream",
    "bullmq",
    "ioredis",
    "pg",
    "@prisma/client",
    "@prisma/adapter-pg",
    "prom-client",
  ],
  // `npm test` runs tsc over the whole project (tests included) as its own step; the build does
  // not repeat it, so a type error is reported once, by the typecheck step.
  typescript: { tsconfigPath: "tsconfig.json", ignoreBuildErrors: true },
  // forbidden() answers 403 with app/forbidden.tsx when a role may not see a page.
  experimental: { authInterrupts: true },
  // The browser's Sentry settings, inlined at build time (a DSN is public; instrumentation-client.ts).
  // Always defined, so that without a DSN the SDK code folds away and the browser bundle has none.
  env: {
    NEXT_PUBLIC_SENTRY_DSN: process.env.NEXT_PUBLIC_SENTRY_DSN ?? "",
    NEXT_PUBLIC_SENTRY_ENVIRONMENT: process.env.NEXT_PUBLIC_SENTRY_ENVIRONMENT ?? "",
  },
};

// Sentry's build step, offline: no source-map upload, no release created in Sentry, no telemetry,
// nothing printed. The SDK itself is configured at run time (instrumentation*.ts, docs/production.md).
export default withSentryConfig(nextConfig, {
  silent: true,
  telemetry: false,
  sourcemaps: { disable: true },
  // A release given at build time is what the browser reports; the server uses SENTRY_RELEASE at run time.
  release: { create: false, finalize: false, name: process.env.SENTRY_RELEASE || undefined },
});
