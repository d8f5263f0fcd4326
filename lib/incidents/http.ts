import { isDatabaseUnavailable, ServiceUnavailableError } from "@/lib/http/database-route";
import { BadRequestError, HttpError } from "@/lib/http/errors";
import { errorResponse } from "@/lib/http/route";
import { logger } from "@/lib/observability/log";
import { WEBHOOK_MAX_BYTES } from "./webhooks";

// Route glue for the alert webhooks (incident routes use lib/http/database-route.ts): every
// rejection is logged with its reason, and a database outage is a 503 so the sender
// (Alertmanager, Sentry) delivers again later instead of giving up on a 500.

export async function rawBody(request: Request): Promise<string> {
  if (Number(request.headers.get("content-length") ?? 0) > WEBHOOK_MAX_BYTES) throw new BadRequestError("Corpo grande demais.");
  const text = await request.text();
  if (text.length > WEBHOOK_MAX_BYTES) throw new BadRequestError("Corpo grande demais.");
  return text;
}

export function webhookRoute(source: string, fn: (request: Request) => Promise<Response>): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      return await fn(request);
    } catch (caught) {
      const err = isDatabaseUnavailable(caught) ? new ServiceUnavailableError() : caught;
      if (err instanceof HttpError) {
        logger("webhooks").warn({ source, status: err.status, reason: err.message, details: err.details }, "webhook rejected");
      }
      const response = errorResponse(err);
      if (response.status === 503) response.headers.set("retry-after", "30");
      return response;
    }
  };
}
