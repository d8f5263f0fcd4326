// Sentry for the Node.js runtime, loaded by instrumentation.ts register(). Without SENTRY_DSN
// nothing is initialised (lib/observability/sentry.ts).
import * as Sentry from "@sentry/nextjs";
import { config } from "@/lib/config";
import { currentCorrelationId } from "@/lib/observability/log";
import { scrubEvent, scrubSpan, SENTRY_DATA_COLLECTION } from "@/lib/observability/redact";
import { CORRELATION_TAG, sentryRuntimeOptions, tagWithCorrelationId } from "@/lib/observability/sentry";

const options = sentryRuntimeOptions(config());

if (options) {
  // server.ts runs each request inside an AsyncLocalStorage holding its x-request-id, shared with
  // this bundle through globalThis (ADR 0001): whatever is captured during the request carries it.
  const client = Sentry.init({
    ...options,
    // The request data the SDK attaches carries the portal's internal user header, the client's
    // address and cookies: dropped before anything leaves the process (spans are streamed, so
    // beforeSendSpan, not beforeSendTransaction, sees the request's attributes).
    dataCollection: SENTRY_DATA_COLLECTION,
    beforeSend: (event) => scrubEvent(tagWithCorrelationId(event, currentCorrelationId())),
    beforeSendSpan: (span) => scrubSpan(span),
  });
  // Spans are streamed (SDK v11 default) rather than sent as transaction events, so they get the
  // id as an attribute when they start, inside the request.
  client?.on("spanStart", (span) => {
    const correlationId = currentCorrelationId();
    if (correlationId) span.setAttribute(CORRELATION_TAG, correlationId);
  });
}
