import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "@/lib/db/unavailable";
import { HttpError } from "@/lib/http/errors";
import { errorResponse } from "@/lib/http/route";

// Route-handler glue for every route that reads or writes PostgreSQL: lib/http/route.ts's error
// mapping, plus a 503 with Retry-After when the database cannot be reached, so the page knows a
// tick or a note is "not saved yet" and retries it (with the same idempotency key) instead of
// treating it as rejected.

export const NO_STORE = { "cache-control": "no-store" } as const;

export { isDatabaseUnavailable };

export class ServiceUnavailableError extends HttpError {
  constructor(message = DATABASE_UNAVAILABLE_MESSAGE) {
    super(503, message);
  }
}

export function databaseRoute<Args extends unknown[]>(fn: (...args: Args) => Promise<Response>): (...args: Args) => Promise<Response> {
  return async (...args) => {
    try {
      return await fn(...args);
    } catch (err) {
      const response = errorResponse(isDatabaseUnavailable(err) ? new ServiceUnavailableError() : err);
      if (response.status === 503) response.headers.set("retry-after", String(DATABASE_RETRY_AFTER_SECONDS));
      return response;
    }
  };
}
