import type { z } from "zod";
import type { Permission } from "@/lib/auth/permissions";

// A route's contract, declared apart from its handler: who may call it, what its path, query and
// body must look like, and how it answers. The route wrapper (lib/http/route.ts) enforces it; the
// registry (lib/http/contracts.ts) lists every contract, and from it come the README's API table
// and the fuzz's field limits. Declaring it as data keeps the three from drifting apart.

/**
 * Who may call: a permission of the signed-in user; "public" (no session needed); or "sender"
 * (no session: the handler authenticates the caller itself — a webhook signature, a token).
 */
export type Access = Permission | "public" | "sender";

export type Method = "GET" | "POST" | "PUT";

/** The largest JSON body a route reads; a larger one is a 400 before it is parsed. */
export const MAX_JSON_BYTES = 64 * 1024;

export interface RouteContract {
  method: Method;
  /** As under app/, e.g. "/api/incidents/[id]/notes". */
  path: string;
  permission: Access;
  /** One line for the README's API table. */
  summary: string;
  /** Path parameters; a value they refuse is a 400. Without it the handler gets the raw strings. */
  params?: z.ZodType;
  /** The query string (one value per key); a value it refuses is a 400. */
  query?: z.ZodType;
  /** For the README only: query keys a handler reads and checks itself. */
  queryKeys?: readonly string[];
  /** A JSON body (at most 64 KiB); a malformed or refused one is a 400. */
  body?: z.ZodType;
  /** The body as text (webhooks verify a signature over the exact bytes), at most this many bytes. */
  rawBody?: { maxBytes: number };
  /** Status of a successful answer (200 unless said). */
  status?: number;
  /** Retry-After of the 503 answered while PostgreSQL is down (default: the browser's 2 s). */
  retryAfterSeconds?: number;
  /** A webhook from this sender: every refusal is logged with its reason (the sender only sees the answer). */
  webhookSource?: string;
  /** Test-only routes: an unexpected error propagates to Next (and Sentry) instead of becoming a 500 JSON. */
  rethrowUnexpected?: boolean;
}

/** Declares a contract, keeping its literal types so the handler's input is typed from it. */
export function contract<const C extends RouteContract>(c: C): C {
  return c;
}
