import fc from "fast-check";
import { can, ROLES, type Permission } from "@/lib/auth/permissions";
import type { FuzzBody, FuzzRequest, FuzzResponse, Who } from "./client";
import type { FuzzContext } from "./context";
import { hostileHeaderValue } from "./hostile";
import { hostileHeaders } from "./shapes";
import type { ErrorField } from "./verdict";

// One fuzz entry per endpoint: which discovered route (or Bull Board route, or Next's protocol) it covers,
// how to build hostile requests for it, and what its 4xx answers look like.

export interface FuzzEndpoint {
  /** Unique name in the report, e.g. "POST /api/webhooks/sentry (signed)". */
  name: string;
  /** The discovered key it covers: "METHOD /pattern", "PUT /admin/queues/api/…" or NEXT_ACTION_COVERS. */
  covers: string;
  requests(ctx: FuzzContext): fc.Arbitrary<FuzzRequest>;
  /**
   * "page": a server-rendered page (50 ms a request here, five times an API call) gets
   * FUZZ_PAGE_RUNS cases instead of FUZZ_RUNS, so the whole fuzz stays within minutes.
   */
  budget?: "page";
  /** Where a 4xx carries its message (default: the portal's { error }). */
  errorFields?: readonly ErrorField[];
  /** Pages answer a 4xx with an HTML page (not-found, forbidden): accepted for them. */
  htmlErrors?: boolean;
  /** A 4xx in plain text that is the framework's own, documented answer (matched on the body). */
  plainTextErrors?: RegExp;
  /**
   * A 5xx that is not the portal's bug: one a dependency answers before any portal code runs (with
   * its upstream reference), or a test-only route that throws by design. Returns the reason for
   * this request, or null — every other 5xx is a failure.
   */
  tolerated5xx?: (request: FuzzRequest, response: FuzzResponse) => string | null;
}

/** Mostly callers who hold the permission (so the handler itself runs), sometimes anyone else. */
export function caller(permission: Permission | "public"): fc.Arbitrary<Who> {
  const allowed = permission === "public" ? [...ROLES] : ROLES.filter((r) => can(r, permission));
  const others: Who[] = ["anonymous", "forged-session", ...ROLES.filter((r) => !allowed.includes(r))];
  return fc.oneof(
    { weight: 9, arbitrary: fc.constantFrom<Who>(...allowed) },
    { weight: 1, arbitrary: fc.constantFrom<Who>(...others) },
  );
}

/** The Origin of a state-changing request: the portal's own, mostly (CSRF refusals are 403s). */
export function origin(baseUrl: string): fc.Arbitrary<Record<string, string>> {
  return fc.oneof(
    { weight: 14, arbitrary: fc.constant({ origin: baseUrl }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Record<string, string>>(
        {},
        { origin: "null" },
        { origin: "http://evil.example" },
        { "sec-fetch-site": "cross-site" },
        { "sec-fetch-site": "same-origin" },
      ),
    },
    { weight: 1, arbitrary: hostileHeaderValue(60).map((v) => ({ origin: v })) },
  );
}

export interface RequestParts {
  method: string;
  path: fc.Arbitrary<string>;
  who: fc.Arbitrary<Who>;
  body?: fc.Arbitrary<FuzzBody | null>;
  /** Headers the endpoint itself needs (signatures, tokens, action ids); merged over the hostile ones. */
  headers?: fc.Arbitrary<Record<string, string>>;
  baseUrl: string;
}

/** A request: path, caller, body, the endpoint's own headers and, now and then, hostile extra headers. */
export function request(parts: RequestParts): fc.Arbitrary<FuzzRequest> {
  const writes = parts.method !== "GET" && parts.method !== "HEAD";
  return fc
    .record({
      path: parts.path,
      who: parts.who,
      body: parts.body ?? fc.constant(null),
      own: parts.headers ?? fc.constant({}),
      hostile: fc.option(hostileHeaders, { freq: 2, nil: {} }),
      origin: writes ? origin(parts.baseUrl) : fc.constant({}),
    })
    .map(({ path, who, body, own, hostile, origin: o }) => ({
      method: parts.method,
      path,
      who,
      body,
      headers: { accept: "application/json", ...hostile, ...o, ...own },
    }));
}
