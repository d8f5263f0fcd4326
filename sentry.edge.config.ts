// Sentry for the edge runtime, loaded by instrumentation.ts register(). The portal has no edge
// code today (proxy.ts runs on Node.js in Next 16); this keeps any future edge route reported.
// The correlation-id context lives in the Node.js process, so edge events get the tag only
// through onRequestError's x-request-id header (instrumentation.ts).
import * as Sentry from "@sentry/nextjs";
import { config } from "@/lib/config";
import { scrubEvent, scrubSpan, SENTRY_DATA_COLLECTION } from "@/lib/observability/redact";
import { sentryRuntimeOptions } from "@/lib/observability/sentry";

const options = sentryRuntimeOptions(config());

if (options) {
  Sentry.init({
    ...options,
    dataCollection: SENTRY_DATA_COLLECTION,
    beforeSend: (event) => scrubEvent(event),
    beforeSendTransaction: (event) => scrubEvent(event),
    beforeSendSpan: (span) => scrubSpan(span),
  });
}
