import { config } from "@/lib/config";
import { api } from "@/lib/http/contracts";
import { NO_STORE, route } from "@/lib/http/route";
import { ingestAlert } from "@/lib/incidents/alerts";
import {
  parseJson,
  parseSentry,
  sentryDeliveryId,
  verifySentrySignature,
  verifySentryTimestamp,
} from "@/lib/incidents/webhooks";
import { logger } from "@/lib/observability/log";

export const dynamic = "force-dynamic";

/**
 * From a Sentry internal integration (metric and issue alerts). The Sentry-Hook-Signature header
 * must be the HMAC-SHA256 of the raw body with SENTRY_WEBHOOK_SECRET: 401 otherwise, 400 for a
 * body that is not a metric/issue alert; other resources are acknowledged and ignored.
 */
export const POST = route({
  ...api.sentryWebhook,
  handle: async ({ request, body }) => {
    verifySentrySignature(body, request.headers.get("sentry-hook-signature"), config().SENTRY_WEBHOOK_SECRET);
    verifySentryTimestamp(request.headers.get("sentry-hook-timestamp"));
    const alert = parseSentry(request.headers.get("sentry-hook-resource"), parseJson(body), sentryDeliveryId(body));
    if (!alert) {
      logger("webhooks").info(
        { source: "sentry", resource: request.headers.get("sentry-hook-resource")?.slice(0, 100) },
        "webhook ignored: not an alert",
      );
      return Response.json({ outcome: "ignored" }, { status: 202, headers: NO_STORE });
    }
    const result = await ingestAlert(alert);
    return Response.json(result, { status: result.outcome === "opened" ? 201 : 200, headers: NO_STORE });
  },
});
