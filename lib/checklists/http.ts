import { HttpError } from "@/lib/http/errors";
import { errorResponse } from "@/lib/http/route";

// Route-handler glue for the checklist routes: lib/http/route.ts's error mapping, plus a 503 with
// Retry-After when PostgreSQL cannot be reached, so the page knows a tick is "not saved yet" and
// retries it (with the same idempotency key) instead of treating it as rejected.

export const NO_STORE = { "cache-control": "no-store" } as const;

const UNREACHABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const UNREACHABLE_CODES = new Set(["P1001", "P1002", "P1017", "P2024", "P2028"]);

/** True when the error says the database is unavailable, not that the request was wrong. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; meta?: { driverAdapterError?: { cause?: { kind?: string } } } } | null;
  if (!e || typeof e !== "object") return false;
  if (e.code && UNREACHABLE_CODES.has(e.code)) return true;
  const kind = e.meta?.driverAdapterError?.cause?.kind;
  return !!kind && UNREACHABLE_KINDS.has(kind);
}

export class ServiceUnavailableError extends HttpError {
  constructor(message = "Banco de dados indisponível no momento; nada foi salvo. Tente de novo em instantes.") {
    super(503, message);
  }
}

export function checklistRoute<Args extends unknown[]>(fn: (...args: Args) => Promise<Response>): (...args: Args) => Promise<Response> {
  return async (...args) => {
    try {
      return await fn(...args);
    } catch (err) {
      const response = errorResponse(isDatabaseUnavailable(err) ? new ServiceUnavailableError() : err);
      if (response.status === 503) response.headers.set("retry-after", "2");
      return response;
    }
  };
}
