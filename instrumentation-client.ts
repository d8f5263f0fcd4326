// Sentry in the browser. Runs before hydration. The browser only knows what was inlined at build
// time: NEXT_PUBLIC_SENTRY_DSN (a DSN is public by design; SENTRY_AUTH_TOKEN and every other
// server variable never reach this bundle). Built without it, the browser SDK is left out of the
// bundle altogether: the empty string folds `dsn ? … : …` away and tree-shaking drops the SDK.
import { captureRouterTransitionStart, init } from "@sentry/nextjs";

const dsn = process.env.NEXT_PUBLIC_SENTRY_DSN;

if (dsn) {
  init({
    dsn,
    // Unset: the SDK's default, "production" in a production build.
    environment: process.env.NEXT_PUBLIC_SENTRY_ENVIRONMENT || undefined,
    // No tracesSampleRate: the browser reports errors only; request latency is traced on the server.
  });
}

export const onRouterTransitionStart = dsn ? captureRouterTransitionStart : undefined;
