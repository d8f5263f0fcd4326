// Next.js calls register() once per server start (also under the custom server, ADR 0001) and
// onRequestError for every error thrown while rendering a page or running a route handler or
// proxy (there are no server actions: ADR 0004).
import * as Sentry from "@sentry/nextjs";
import type { Instrumentation } from "next";
import { CORRELATION_TAG, headerValue } from "@/lib/observability/sentry";

export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./sentry.server.config");
  if (process.env.NEXT_RUNTIME === "edge") await import("./sentry.edge.config");
}

export const onRequestError: Instrumentation.onRequestError = (error, request, context) => {
  // server.ts writes the request's correlation id into the x-request-id request header, so the
  // tag is right even where the AsyncLocalStorage context is not reachable (edge).
  const correlationId = headerValue(request.headers["x-request-id"]);
  Sentry.withScope((scope) => {
    if (correlationId) scope.setTag(CORRELATION_TAG, correlationId);
    Sentry.captureRequestError(error, request, context);
  });
};
