import { checklistRoute, isDatabaseUnavailable, ServiceUnavailableError } from "@/lib/checklists/http";
import { BadRequestError, HttpError } from "@/lib/http/errors";
import { errorResponse } from "@/lib/http/route";
import { logger } from "@/lib/observability/log";
import { WEBHOOK_MAX_BYTES } from "./webhooks";

// Route glue: incident routes map errors like the checklist routes (503 + Retry-After when the
// database is down, so the page keeps the text as "não salvo ainda" and retries). Webhook routes
// log every rejection with its reason, and answer 503 when the database is down so the sender
// (Alertmanager, Sentry) delivers again later instead of giving up on a 500.

export const incidentRoute = checklistRoute;
export { NO_STORE } from "@/lib/checklists/http";

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
