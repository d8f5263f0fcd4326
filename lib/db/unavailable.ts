// "The database cannot be reached" as opposed to "the query was wrong": the first is answered
// 503 + Retry-After (the client keeps what the user typed and retries with the same idempotency
// key), the second is a bug or a bad request. Errors may arrive wrapped (better-auth wraps the
// adapter's error as `cause`), so the cause chain is followed.

const UNREACHABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const UNREACHABLE_CODES = new Set(["P1001", "P1002", "P1017", "P2024", "P2028"]);

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const error = e as { code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: string } } } };
    if (typeof error.code === "string" && UNREACHABLE_CODES.has(error.code)) return true;
    const kind = error.meta?.driverAdapterError?.cause?.kind;
    if (kind && UNREACHABLE_KINDS.has(kind)) return true;
  }
  return false;
}

/** What a write refused for that reason says; nothing was saved, the same request may be retried. */
export const DATABASE_UNAVAILABLE_MESSAGE =
  "Banco de dados indisponível no momento; nada foi salvo. Tente de novo em instantes.";

/** Retry-After of such a 503: the browser retries this soon, then backs off (components/client/retry.ts). */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

// In production Next hands an error page nothing of a thrown error but its `digest`, and keeps a
// digest the error already carries: that is how the page learns which dependency is missing.
const DIGEST_PREFIX = "dependency-unavailable:";

/** Thrown while rendering a page that cannot read PostgreSQL; app/error.tsx names the dependency. */
export class DatabaseUnavailablePageError extends Error {
  readonly digest = `${DIGEST_PREFIX}postgres`;
  constructor(cause: unknown) {
    super("PostgreSQL indisponível ao montar a página.", { cause });
    this.name = "DatabaseUnavailablePageError";
  }
}

/** The dependency a page error's digest names, or null for any other error. */
export function unavailableDependency(digest: string | undefined): "postgres" | null {
  return digest === `${DIGEST_PREFIX}postgres` ? "postgres" : null;
}

/** For pages: runs a read, turning "the database cannot be reached" into the dependency-down page. */
export async function readForPage<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    throw isDatabaseUnavailable(err) ? new DatabaseUnavailablePageError(err) : err;
  }
}
