import { ZodError, type z } from "zod";
import { can, type Permission } from "@/lib/auth/permissions";
import { requireUser, type SessionUser } from "@/lib/auth/session";
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from "@/lib/db/unavailable";
import { MAX_JSON_BYTES, type Access, type RouteContract } from "@/lib/http/contract";
import { BadRequestError, ForbiddenError, HttpError, ServiceUnavailableError } from "@/lib/http/errors";
import { DEFAULT_LOCALE, message, type Locale } from "@/lib/i18n/messages";
import { requestLocale } from "@/lib/i18n/request";
import { currentCorrelationId, logger } from "@/lib/observability/log";

// The one validation boundary. A route handler is its contract (lib/http/contract.ts) plus a
// `handle` that gets typed, checked input: this wrapper signs the caller in and checks the
// permission, parses path, query and body, and turns every error into its answer — a domain
// error into its 4xx in the request's language, PostgreSQL being down into a 503 with
// Retry-After (the client keeps what the user typed and retries), anything else into a 500 that
// carries the correlation id (the full error goes to the log, never to the client). Domain
// functions behind it trust their input.

export const NO_STORE = { "cache-control": "no-store" } as const;

/** The second argument Next passes a route handler. */
type NextContext = { params?: Promise<Record<string, string>> };

export interface ErrorBody {
  /** The human message, in the request's language. */
  error: string;
  /** Stable across languages: what a client may branch on. */
  code: string;
  params?: Record<string, string | number>;
  details?: unknown;
  correlationId?: string;
}

type Output<S, Otherwise> = S extends z.ZodType ? z.output<S> : Otherwise;
/** "/api/incidents/[id]/notes" → { id: string }: the raw path parameters of an undeclared `params`. */
type PathParams<P extends string> = P extends `${string}[${infer K}]${infer Rest}`
  ? { [k in K]: string } & PathParams<Rest>
  : unknown;

/** What a handler gets, typed from its contract: A permission, P path, PS/QS/BS the schemas, R rawBody. */
export interface RouteInput<
  A = Access,
  P extends string = string,
  PS = undefined,
  QS = undefined,
  BS = undefined,
  R = undefined,
> {
  request: Request;
  user: A extends Permission ? SessionUser : null;
  params: Output<PS, PathParams<P>>;
  query: Output<QS, undefined>;
  body: R extends object ? string : Output<BS, undefined>;
  locale: Locale;
}

type Schema = z.ZodType | undefined;

/**
 * A route handler from its contract and `handle`, which returns a Response as is or anything else
 * as JSON (the contract's status, no-store). Each part of the contract is its own type parameter
 * so the handler's input is inferred from the spread contract.
 */
export function route<
  A extends Access,
  P extends string,
  PS extends Schema = undefined,
  QS extends Schema = undefined,
  BS extends Schema = undefined,
  R extends object | undefined = undefined,
>(
  spec: RouteContract & {
    permission: A;
    path: P;
    params?: PS;
    query?: QS;
    body?: BS;
    rawBody?: R;
    handle: (input: RouteInput<A, P, PS, QS, BS, R>) => Promise<unknown>;
  },
): (request: Request, context?: NextContext) => Promise<Response> {
  const { handle, ...contract } = spec;
  return async (request, context) => {
    const locale = requestLocale(request);
    try {
      const user =
        contract.permission === "public" || contract.permission === "sender"
          ? null
          : await requireUser(contract.permission, request.headers);
      const raw = {
        params: (await context?.params) ?? {},
        query: Object.fromEntries(new URL(request.url).searchParams),
        body: contract.rawBody
          ? await textBody(request, contract.rawBody.maxBytes)
          : contract.body
            ? await readJson(request)
            : undefined,
      };
      const input = { request, user, locale, ...parseInput(contract, raw) } as RouteInput<A, P, PS, QS, BS, R>;
      const result = await handle(input);
      return result instanceof Response
        ? result
        : Response.json(result, { status: contract.status ?? 200, headers: NO_STORE });
    } catch (caught) {
      if (contract.rethrowUnexpected && !(caught instanceof HttpError) && !(caught instanceof ZodError)) throw caught;
      return refusal(contract, caught, locale);
    }
  };
}

interface RawInput {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

/** Parses what the contract declares; what it does not declare is passed through untouched. */
function parseInput(contract: RouteContract, raw: RawInput) {
  return {
    params: contract.params ? contract.params.parse(raw.params) : raw.params,
    query: contract.query ? contract.query.parse(raw.query) : undefined,
    body: contract.body && !contract.rawBody ? contract.body.parse(raw.body) : raw.body,
  };
}

/**
 * The checks the wrapper makes once the caller is known, for callers that already hold the user
 * (tests, scripts): throws ForbiddenError or ZodError exactly as the route would answer 403 / 400.
 */
export function admit<
  P extends string,
  PS extends Schema = undefined,
  QS extends Schema = undefined,
  BS extends Schema = undefined,
>(
  contract: RouteContract & { path: P; params?: PS; query?: QS; body?: BS },
  user: { role: SessionUser["role"] },
  raw: Partial<RawInput>,
): Pick<RouteInput<Access, P, PS, QS, BS>, "params" | "query" | "body"> {
  if (contract.permission !== "public" && contract.permission !== "sender" && !can(user.role, contract.permission))
    throw new ForbiddenError();
  return parseInput(contract, { params: raw.params ?? {}, query: raw.query ?? {}, body: raw.body }) as Pick<
    RouteInput<Access, P, PS, QS, BS>,
    "params" | "query" | "body"
  >;
}

function refusal(contract: RouteContract, caught: unknown, locale: Locale): Response {
  const err = isDatabaseUnavailable(caught) ? new ServiceUnavailableError() : caught;
  if (contract.webhookSource && err instanceof HttpError) {
    logger("webhooks").warn(
      { source: contract.webhookSource, status: err.status, reason: err.message, details: err.details },
      "webhook rejected",
    );
  }
  const response = errorResponse(err, locale);
  if (response.status === 503)
    response.headers.set("retry-after", String(contract.retryAfterSeconds ?? DATABASE_RETRY_AFTER_SECONDS));
  return response;
}

export function errorResponse(err: unknown, locale: Locale = DEFAULT_LOCALE): Response {
  const correlationId = currentCorrelationId();
  if (err instanceof HttpError) {
    const params = Object.keys(err.params).length > 0 ? err.params : undefined;
    return Response.json(
      { error: err.messageIn(locale), code: err.code, params, details: err.details, correlationId } satisfies ErrorBody,
      { status: err.status },
    );
  }
  if (err instanceof ZodError) {
    return Response.json(
      {
        error: message(locale, "error.invalidInput"),
        code: "invalidInput",
        details: formatZodIssues(err),
        correlationId,
      } satisfies ErrorBody,
      { status: 400 },
    );
  }
  logger("http").error(
    { err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) },
    "unhandled error in route handler",
  );
  return Response.json(
    { error: message(locale, "error.internal"), code: "internal", correlationId } satisfies ErrorBody,
    { status: 500 },
  );
}

export function formatZodIssues(err: ZodError): Array<{ path: string; message: string }> {
  return err.issues.map((issue) => ({ path: issue.path.join(".") || "(corpo)", message: issue.message }));
}

/** The body as text, refused (400) past `maxBytes` whether or not Content-Length announced it. */
async function textBody(
  request: Request,
  maxBytes: number,
  code: "bodyTooLarge" | "webhookBodyTooLarge" = "webhookBodyTooLarge",
): Promise<string> {
  const tooLarge = () => new BadRequestError({ code, params: { kib: maxBytes / 1024 } });
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge();
  const text = await request.text();
  if (text.length > maxBytes) throw tooLarge();
  return text;
}

/** A malformed or oversized JSON body is a 400, not a 500; an empty one is `{}`. */
async function readJson(request: Request): Promise<unknown> {
  const text = await textBody(request, MAX_JSON_BYTES, "bodyTooLarge");
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    throw new BadRequestError({ code: "bodyNotJson" });
  }
}

/** A CSV download; no-transform keeps a proxy from buffering or recompressing a streamed export. */
export function csvResponse(body: BodyInit, filename: string): Response {
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store, no-transform",
      "x-content-type-options": "nosniff",
    },
  });
}
