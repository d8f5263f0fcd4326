import { EventEmitter } from "node:events";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { pathToFileURL } from "node:url";
import express, { type Request, type Response } from "express";
import { decodeBody, EnvelopeError, parseEnvelope, type Envelope } from "./envelope";

// A local stand-in for Sentry, for tests and for the demo (this machine cannot reach sentry.io).
// It speaks the documented shapes of:
//   GET  /api/0/organizations/{org}/issues/   list unresolved issues (Bearer token)
//   GET  /api/0/organizations/{org}/events/   Explore/Discover table query, dataset=spans (Bearer)
//   POST /api/{project_id}/envelope/          SDK ingestion (sentry_key / X-Sentry-Auth / dsn)
// Test code seeds data and injects faults through `state`; it is deliberately small, not a
// Sentry re-implementation: search only understands the terms the portal sends.
//
// Standalone: npx tsx tests/fake-sentry/server.ts --port 9999

// ------------------------------------------------------------------------------------------------
// State

export interface FakeIssue {
  id: string;
  shortId?: string;
  title?: string;
  culprit?: string;
  level?: string;
  status?: string;
  /** Lets `transaction:` search match an issue; otherwise `culprit` is used. */
  transaction?: string;
  project?: { id?: string; slug?: string; name?: string };
  [key: string]: unknown;
}

export interface FakeTransaction {
  transaction: string;
  p95Ms: number | null;
  tpm: number;
  count: number;
  projectId?: string;
}

export interface FakeFailure {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** How many API requests fail before the server behaves again; unlimited when omitted. */
  times?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  params: URLSearchParams;
  authorization: string | undefined;
  at: number;
}

export interface ReceivedEvent {
  projectId: string;
  eventId: string | undefined;
  level: string | undefined;
  message: string | undefined;
  exception: { type: string | undefined; value: string | undefined } | undefined;
  transaction: string | undefined;
  environment: string | undefined;
  release: string | undefined;
  tags: Record<string, string>;
  receivedAt: number;
  payload: Record<string, unknown>;
}

export interface ReceivedEnvelope {
  projectId: string;
  sentryKey: string;
  envelope: Envelope;
  /** Item types in order, e.g. ["event"] or ["span"]. */
  itemTypes: string[];
}

export interface FakeSentryState {
  org: string;
  /** The API token the fake accepts as `Authorization: Bearer <token>`. */
  token: string;
  /** The DSN public key the ingest endpoint accepts. */
  publicKey: string;
  projects: { id: string; slug: string; name: string }[];
  issues: FakeIssue[];
  transactions: FakeTransaction[];
  /** Slow mode: every API response waits this long first. */
  delayMs: number;
  /** Fault mode: API requests answer with this instead (e.g. 500, 429 + Retry-After, a bad body). */
  fail: FakeFailure | null;
  /** Every API request received (the ingest endpoint is not recorded here). */
  requests: RecordedRequest[];
  events: ReceivedEvent[];
  envelopes: ReceivedEnvelope[];
}

export interface FakeSentryOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  org?: string;
  token?: string;
  publicKey?: string;
  /** Seed realistic demo issues and transactions. */
  demo?: boolean;
}

export interface FakeSentry {
  /** Base URL to use as SENTRY_API_URL, e.g. http://127.0.0.1:40123 */
  url: string;
  /** A DSN pointing at this server: http://<publicKey>@127.0.0.1:<port>/<projectId> */
  dsn(projectId: string | number): string;
  state: FakeSentryState;
  /** API requests whose path ends with `suffix` (e.g. "/issues/"). */
  requestsTo(suffix: string): RecordedRequest[];
  /** Resolves with the first received event (already received or future) matching `predicate`. */
  waitForEvent(predicate?: (event: ReceivedEvent) => boolean, timeoutMs?: number): Promise<ReceivedEvent>;
  close(): Promise<void>;
}

const DEFAULT_PROJECT = { id: "42", slug: "plataforma", name: "Plataforma" };

// ------------------------------------------------------------------------------------------------

export async function startFakeSentry(options: FakeSentryOptions = {}): Promise<FakeSentry> {
  const host = options.host ?? "127.0.0.1";
  const state: FakeSentryState = {
    org: options.org ?? "acme",
    token: options.token ?? "test-token",
    publicKey: options.publicKey ?? "publickey",
    projects: [{ ...DEFAULT_PROJECT }],
    issues: [],
    transactions: [],
    delayMs: 0,
    fail: null,
    requests: [],
    events: [],
    envelopes: [],
  };
  const emitter = new EventEmitter();
  const timers = new Set<NodeJS.Timeout>();
  let baseUrl = "";

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);

  // ---- Web API (Bearer token) ----------------------------------------------------------------

  app.use("/api/0", async (req: Request, res: Response, next) => {
    const params = searchParams(req);
    state.requests.push({
      method: req.method,
      path: new URL(req.originalUrl, "http://fake.invalid").pathname,
      params,
      authorization: req.get("authorization"),
      at: Date.now(),
    });
    if (state.delayMs > 0) await sleep(state.delayMs);
    // The client may have given up (timeout) while we slept.
    if (req.socket.destroyed || res.writableEnded) return;

    const auth = req.get("authorization");
    if (!auth) return void res.status(401).json({ detail: "Authentication credentials were not provided." });
    if (auth !== `Bearer ${state.token}`) return void res.status(401).json({ detail: "Invalid token" });

    const failure = state.fail;
    if (failure) {
      if (failure.times !== undefined) {
        failure.times -= 1;
        if (failure.times <= 0) state.fail = null;
      }
      for (const [name, value] of Object.entries(failure.headers ?? {})) res.setHeader(name, value);
      res.status(failure.status);
      if (failure.body === undefined) return void res.json({ detail: "Internal Error" });
      return void (typeof failure.body === "string"
        ? res.type("text/plain").send(failure.body)
        : res.json(failure.body));
    }
    next();
  });

  app.get("/api/0/organizations/:org/issues/", (req, res) => {
    if (req.params.org !== state.org)
      return void res.status(404).json({ detail: "The requested resource does not exist" });
    const params = searchParams(req);
    const period = params.get("statsPeriod");
    if (period !== null && period !== "" && !/^\d+[smhdw]$/.test(period)) {
      return void res.status(400).json({ detail: "Invalid statsPeriod" });
    }
    // Documented default: a missing query means is:unresolved; an empty one means everything.
    const query = params.has("query") ? (params.get("query") ?? "") : "is:unresolved";
    const projectFilter = projectMatcher(params, state);
    if (projectFilter instanceof Error) return void res.status(400).json({ detail: projectFilter.message });

    const terms = tokenize(query);
    let issues = state.issues.filter(
      (issue) => projectFilter(issue.project?.id, issue.project?.slug) && issueMatches(issue, terms),
    );
    const sort = params.get("sort") ?? "date";
    issues = [...issues].sort(issueComparator(sort));
    const limit = clampInt(params.get("limit"), 100, 1, 100);
    res.setHeader(
      "Link",
      `<${baseUrl}${req.path}?cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", ` +
        `<${baseUrl}${req.path}?cursor=0:${limit}:0>; rel="next"; results="${issues.length > limit}"; cursor="0:${limit}:0"`,
    );
    res.json(issues.slice(0, limit).map(({ transaction: _transaction, ...issue }) => issue));
  });

  app.get("/api/0/organizations/:org/events/", (req, res) => {
    if (req.params.org !== state.org)
      return void res.status(404).json({ detail: "The requested resource does not exist" });
    const params = searchParams(req);
    const dataset = params.get("dataset");
    if (!dataset) return void res.status(400).json({ detail: "dataset is required" });
    if (!EVENT_DATASETS.includes(dataset)) {
      return void res.status(400).json({ detail: `dataset must be one of: ${EVENT_DATASETS.join(", ")}` });
    }
    if (dataset !== "spans")
      return void res.status(400).json({ detail: `the fake only serves dataset=spans, got ${dataset}` });

    const fields = params.getAll("field");
    if (fields.length === 0) return void res.status(400).json({ detail: "No columns selected" });
    if (fields.length > 20) return void res.status(400).json({ detail: "You can view up to 20 fields at a time." });
    const unknown = fields.find((field) => !(field in SPAN_FIELDS));
    if (unknown) return void res.status(400).json({ detail: `Unknown field: ${unknown}` });

    const period = params.get("statsPeriod");
    if (period !== null && !/^\d+[smhdw]$/.test(period))
      return void res.status(400).json({ detail: "Invalid statsPeriod" });
    const projectFilter = projectMatcher(params, state);
    if (projectFilter instanceof Error) return void res.status(400).json({ detail: projectFilter.message });

    const terms = tokenize(params.get("query") ?? "");
    let rows = state.transactions.filter((t) => {
      const project = state.projects.find((p) => p.id === (t.projectId ?? DEFAULT_PROJECT.id));
      return projectFilter(t.projectId ?? DEFAULT_PROJECT.id, project?.slug) && transactionMatches(t, terms);
    });

    const sort = params.get("sort");
    if (sort) {
      const field = sort.replace(/^-/, "");
      if (!fields.includes(field)) {
        return void res.status(400).json({ detail: "orderby must also be in the selected columns or groupby" });
      }
      const spec = SPAN_FIELDS[field];
      if (!spec) return void res.status(400).json({ detail: `Unknown field: ${field}` });
      const direction = sort.startsWith("-") ? -1 : 1;
      rows = [...rows].sort((a, b) => direction * compareValues(spec.value(a), spec.value(b)));
    }
    const perPage = clampInt(params.get("per_page"), 50, 1, 100);
    const data = rows
      .slice(0, perPage)
      .map((t) => Object.fromEntries(fields.map((f) => [f, SPAN_FIELDS[f]?.value(t) ?? null])));
    res.json({
      data,
      meta: {
        fields: Object.fromEntries(fields.map((f) => [f, SPAN_FIELDS[f]?.type ?? "string"])),
        units: Object.fromEntries(fields.map((f) => [f, SPAN_FIELDS[f]?.unit ?? null])),
        isMetricsData: false,
        dataset: "spans",
      },
    });
  });

  app.use("/api/0", (_req, res) => {
    res.status(404).json({ detail: "The requested resource does not exist" });
  });

  // Issue permalinks point here, so demo links open something instead of a 404.
  app.get("/organizations/:org/issues/:id/", (req, res) => {
    const issue = state.issues.find((i) => i.id === req.params.id);
    if (!issue) return void res.status(404).type("text/plain").send("Issue not found");
    res
      .type("html")
      .send(
        `<!doctype html><meta charset="utf-8"><title>${escapeHtml(String(issue.shortId ?? issue.id))}</title>` +
          `<h1>${escapeHtml(String(issue.title ?? ""))}</h1><p>${escapeHtml(String(issue.culprit ?? ""))}</p>` +
          `<p>Fake Sentry — issue ${escapeHtml(issue.id)}</p>`,
      );
  });

  // ---- Ingestion (DSN public key) -------------------------------------------------------------

  // Browsers post envelopes cross-origin when no tunnel is used; Relay answers CORS for anyone.
  app.options("/api/:projectId/envelope/", (_req, res) => {
    res
      .set({
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Allow-Methods": "POST, OPTIONS",
        "Access-Control-Allow-Headers": "content-type, x-sentry-auth, content-encoding",
        "Access-Control-Max-Age": "3600",
      })
      .status(204)
      .end();
  });

  app.post("/api/:projectId/envelope/", async (req, res) => {
    res.setHeader("Access-Control-Allow-Origin", "*");
    const projectId = String(req.params.projectId);
    if (!/^\d+$/.test(projectId)) return void res.status(400).json({ detail: "invalid project id" });

    let envelope: Envelope;
    try {
      const raw = await readBody(req, 20 * 1024 * 1024);
      envelope = parseEnvelope(decodeBody(raw, req.get("content-encoding")));
    } catch (error) {
      const message = error instanceof EnvelopeError || error instanceof Error ? error.message : String(error);
      return void res.status(400).json({ detail: `invalid envelope: ${message}` });
    }

    const key = sentryKey(req, envelope);
    if (!key) return void res.status(401).json({ detail: "missing authorization information" });
    if (key !== state.publicKey) return void res.status(401).json({ detail: "invalid authorization information" });

    const received: ReceivedEvent[] = [];
    for (const item of envelope.items) {
      if (item.header.type !== "event") continue;
      let payload: unknown;
      try {
        payload = JSON.parse(item.payload.toString("utf8"));
      } catch {
        return void res.status(400).json({ detail: "invalid envelope: event payload is not JSON" });
      }
      if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
        return void res.status(400).json({ detail: "invalid envelope: event payload is not an object" });
      }
      received.push(toReceivedEvent(projectId, envelope, payload as Record<string, unknown>));
    }

    state.envelopes.push({ projectId, sentryKey: key, envelope, itemTypes: envelope.items.map((i) => i.header.type) });
    for (const event of received) {
      state.events.push(event);
      emitter.emit("event", event);
    }
    const id = typeof envelope.header.event_id === "string" ? envelope.header.event_id : received[0]?.eventId;
    res.json(id ? { id } : {});
  });

  // ---- Lifecycle ------------------------------------------------------------------------------

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port ?? 0, host, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const address = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  baseUrl = `http://${urlHost}:${address.port}`;
  if (options.demo) seedDemo(state, baseUrl);

  return {
    url: baseUrl,
    state,
    dsn: (projectId) => `http://${state.publicKey}@${urlHost}:${address.port}/${projectId}`,
    requestsTo: (suffix) => state.requests.filter((r) => r.path.endsWith(suffix)),
    waitForEvent(predicate = () => true, timeoutMs = 5_000) {
      const existing = state.events.find(predicate);
      if (existing) return Promise.resolve(existing);
      return new Promise<ReceivedEvent>((resolve, reject) => {
        const onEvent = (event: ReceivedEvent): void => {
          if (!predicate(event)) return;
          clearTimeout(timer);
          emitter.off("event", onEvent);
          resolve(event);
        };
        const timer = setTimeout(() => {
          emitter.off("event", onEvent);
          reject(new Error(`fake Sentry: no matching event within ${timeoutMs} ms (${state.events.length} received)`));
        }, timeoutMs);
        emitter.on("event", onEvent);
      });
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      // Slow-mode requests may still be open; do not wait for them.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ------------------------------------------------------------------------------------------------
// Events endpoint: the span fields the portal asks for.

const EVENT_DATASETS = ["errors", "logs", "profile_functions", "spans", "tracemetrics", "uptime_results"];

interface SpanField {
  type: string;
  unit: string | null;
  value: (t: FakeTransaction) => string | number | null;
}

const SPAN_FIELDS: Record<string, SpanField> = {
  transaction: { type: "string", unit: null, value: (t) => t.transaction },
  "p95(span.duration)": { type: "duration", unit: "millisecond", value: (t) => t.p95Ms },
  "epm()": { type: "rate", unit: "1/minute", value: (t) => t.tpm },
  "tpm()": { type: "rate", unit: "1/minute", value: (t) => t.tpm },
  "count()": { type: "integer", unit: null, value: (t) => t.count },
};

function compareValues(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

// ------------------------------------------------------------------------------------------------
// Minimal search: key:value, key:"quoted value", !key:value, key:[a,b] and free text.

interface SearchTerm {
  key: string | null;
  values: string[];
  negated: boolean;
}

export function tokenize(query: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  const pattern = /(!?)([\w.]+):(?:"((?:[^"\\]|\\.)*)"|\[([^\]]*)\]|(\S+))|"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (const match of query.matchAll(pattern)) {
    const [, bang, key, quoted, list, bare, freeQuoted, freeBare] = match;
    if (key !== undefined) {
      const values =
        list !== undefined
          ? list.split(",").map((v) => unquote(v.trim()))
          : [quoted !== undefined ? quoted.replace(/\\(.)/g, "$1") : (bare ?? "")];
      terms.push({ key, values, negated: bang === "!" });
    } else {
      const text = freeQuoted !== undefined ? freeQuoted.replace(/\\(.)/g, "$1") : (freeBare ?? "");
      if (text) terms.push({ key: null, values: [text], negated: false });
    }
  }
  return terms;
}

function unquote(value: string): string {
  return value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, "$1") : value;
}

function termHolds(term: SearchTerm, actual: string | undefined): boolean {
  const hit = actual !== undefined && term.values.some((v) => v.toLowerCase() === actual.toLowerCase());
  return term.negated ? !hit : hit;
}

function issueMatches(issue: FakeIssue, terms: SearchTerm[]): boolean {
  return terms.every((term) => {
    switch (term.key) {
      case "is":
        return termHolds(term, issue.status ?? "unresolved");
      case "level":
        return termHolds(term, issue.level ?? "error");
      case "transaction":
        return termHolds(term, issue.transaction ?? issue.culprit);
      case null: {
        const text = term.values[0]?.toLowerCase() ?? "";
        return `${issue.title ?? ""} ${issue.culprit ?? ""}`.toLowerCase().includes(text);
      }
      default:
        return true; // Unknown keys are ignored rather than emulated.
    }
  });
}

function transactionMatches(t: FakeTransaction, terms: SearchTerm[]): boolean {
  return terms.every((term) => {
    switch (term.key) {
      case "is_transaction":
        return termHolds(term, "true");
      case "transaction":
        return termHolds(term, t.transaction);
      case null:
        return t.transaction.toLowerCase().includes(term.values[0]?.toLowerCase() ?? "");
      default:
        return true;
    }
  });
}

function issueComparator(sort: string): (a: FakeIssue, b: FakeIssue) => number {
  const text = (v: unknown): string => (typeof v === "string" ? v : "");
  switch (sort) {
    case "new":
      return (a, b) => text(b.firstSeen).localeCompare(text(a.firstSeen));
    case "freq":
      return (a, b) => Number(b.count ?? 0) - Number(a.count ?? 0);
    case "user":
      return (a, b) => Number(b.userCount ?? 0) - Number(a.userCount ?? 0);
    default:
      return (a, b) => text(b.lastSeen).localeCompare(text(a.lastSeen));
  }
}

/** Organization endpoints filter by `project` (ids, -1 = all) or `projectSlug` (slugs, $all). */
function projectMatcher(
  params: URLSearchParams,
  state: FakeSentryState,
): ((id: string | undefined, slug: string | undefined) => boolean) | Error {
  const ids = params.getAll("project").filter(Boolean);
  const slugs = params.getAll("projectSlug").filter(Boolean);
  if (ids.length > 0 && slugs.length > 0) return new Error("Cannot query for both ids and slugs");
  if (ids.some((id) => !/^-?\d+$/.test(id))) return new Error("Invalid project parameter. Values must be numbers.");
  if (ids.length > 0 && !ids.includes("-1")) {
    if (!ids.every((id) => state.projects.some((p) => p.id === id))) {
      return new Error("You do not have permission to perform this action.");
    }
    return (id) => id !== undefined && ids.includes(id);
  }
  if (slugs.length > 0 && !slugs.includes("$all")) return (_id, slug) => slug !== undefined && slugs.includes(slug);
  return () => true;
}

// ------------------------------------------------------------------------------------------------
// Ingestion helpers

function sentryKey(req: Request, envelope: Envelope): string | undefined {
  const fromQuery = searchParams(req).get("sentry_key");
  if (fromQuery) return fromQuery;
  const header = req.get("x-sentry-auth");
  const fromHeader = header ? /sentry_key=([^,\s]+)/.exec(header)?.[1] : undefined;
  if (fromHeader) return fromHeader;
  // Envelopes sent through a tunnel carry the DSN in their header instead.
  const dsn = envelope.header.dsn;
  if (typeof dsn === "string") {
    try {
      return new URL(dsn).username || undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function toReceivedEvent(projectId: string, envelope: Envelope, payload: Record<string, unknown>): ReceivedEvent {
  const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
  const exceptionValues = (payload.exception as { values?: unknown } | undefined)?.values;
  const firstException = Array.isArray(exceptionValues)
    ? (exceptionValues[0] as Record<string, unknown> | undefined)
    : undefined;
  const message =
    str(payload.message) ??
    str((payload.message as Record<string, unknown> | undefined)?.formatted) ??
    str((payload.logentry as Record<string, unknown> | undefined)?.formatted) ??
    str((payload.logentry as Record<string, unknown> | undefined)?.message);
  return {
    projectId,
    eventId: str(payload.event_id) ?? str(envelope.header.event_id),
    level: str(payload.level),
    message,
    exception: firstException ? { type: str(firstException.type), value: str(firstException.value) } : undefined,
    transaction: str(payload.transaction),
    environment: str(payload.environment),
    release: str(payload.release),
    tags: normalizeTags(payload.tags),
    receivedAt: Date.now(),
    payload,
  };
}

/** SDKs send tags as an object; the protocol also allows [[key, value], ...]. */
function normalizeTags(tags: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(tags)) {
    for (const pair of tags) {
      if (Array.isArray(pair) && typeof pair[0] === "string") out[pair[0]] = String(pair[1]);
    }
  } else if (typeof tags === "object" && tags !== null) {
    for (const [key, value] of Object.entries(tags)) out[key] = String(value);
  }
  return out;
}

function readBody(req: Request, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new Error("body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

// ------------------------------------------------------------------------------------------------
// Small helpers

function searchParams(req: Request): URLSearchParams {
  return new URL(req.originalUrl, "http://fake.invalid").searchParams;
}

function clampInt(raw: string | null, fallback: number, min: number, max: number): number {
  const n = raw === null ? fallback : Number.parseInt(raw, 10);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A complete issue the way the Sentry API returns it (extra fields included), for seeding. */
export function fakeIssue(
  overrides: Partial<FakeIssue> & { id: string },
  baseUrl = "https://acme.sentry.io",
): FakeIssue {
  const now = Date.now();
  return {
    shortId: `PLATAFORMA-${overrides.id}`,
    title: "Error: something failed",
    culprit: "GET /api/health",
    permalink: `${baseUrl}/organizations/acme/issues/${overrides.id}/`,
    logger: null,
    level: "error",
    status: "unresolved",
    substatus: "ongoing",
    priority: "high",
    statusDetails: {},
    isPublic: false,
    platform: "node",
    project: { ...DEFAULT_PROJECT },
    type: "error",
    metadata: { type: "Error", value: "something failed" },
    numComments: 0,
    assignedTo: null,
    isBookmarked: false,
    isSubscribed: false,
    hasSeen: false,
    annotations: [],
    issueType: "error",
    issueCategory: "error",
    isUnhandled: true,
    count: "1",
    userCount: 0,
    firstSeen: new Date(now - 3_600_000).toISOString(),
    lastSeen: new Date(now - 60_000).toISOString(),
    stats: { "24h": [[Math.floor(now / 1000), 1]] },
    ...overrides,
  };
}

// ------------------------------------------------------------------------------------------------
// Demo data: what the on-duty operator would see on a bad morning.

export function seedDemo(state: FakeSentryState, baseUrl: string): void {
  const ago = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();
  const link = (id: string): string => `${baseUrl}/organizations/${state.org}/issues/${id}/`;
  state.issues = [
    fakeIssue({
      id: "1001",
      shortId: "PLATAFORMA-1A",
      title: "Error: Connection terminated unexpectedly",
      culprit: "POST /api/payments",
      level: "fatal",
      count: "87",
      userCount: 31,
      firstSeen: ago(95),
      lastSeen: ago(2),
      permalink: link("1001"),
      metadata: { type: "Error", value: "Connection terminated unexpectedly" },
    }),
    fakeIssue({
      id: "1002",
      shortId: "PLATAFORMA-1B",
      title: "TimeoutError: job payments:charge excedeu 30000 ms",
      culprit: "worker payments",
      transaction: "queue.process payments",
      level: "error",
      count: "342",
      userCount: 0,
      firstSeen: ago(60 * 26),
      lastSeen: ago(5),
      permalink: link("1002"),
    }),
    fakeIssue({
      id: "1003",
      shortId: "PLATAFORMA-1C",
      title: "TypeError: Cannot read properties of undefined (reading 'amount')",
      culprit: "POST /api/orders",
      level: "error",
      count: "19",
      userCount: 12,
      firstSeen: ago(300),
      lastSeen: ago(14),
      permalink: link("1003"),
    }),
    fakeIssue({
      id: "1004",
      shortId: "PLATAFORMA-1D",
      title: "Redis: reconnecting after ECONNRESET",
      culprit: "ioredis",
      level: "warning",
      count: "6",
      userCount: 0,
      firstSeen: ago(180),
      lastSeen: ago(40),
      permalink: link("1004"),
    }),
    fakeIssue({
      id: "1005",
      shortId: "PLATAFORMA-1E",
      title: "Error: relatório mensal sem dados de faturamento",
      culprit: "worker reports",
      level: "error",
      status: "resolved",
      count: "3",
      userCount: 1,
      firstSeen: ago(60 * 48),
      lastSeen: ago(60 * 30),
      permalink: link("1005"),
    }),
  ];
  state.transactions = [
    { transaction: "POST /api/payments", p95Ms: 812.3, tpm: 42.5, count: 2550 },
    { transaction: "GET /api/reports/export", p95Ms: 2310.8, tpm: 0.4, count: 24 },
    { transaction: "POST /api/orders", p95Ms: 690.2, tpm: 18.1, count: 1086 },
    { transaction: "POST /api/notifications/send", p95Ms: 455.0, tpm: 63.9, count: 3834 },
    { transaction: "GET /api/orders/:id", p95Ms: 240.1, tpm: 120.0, count: 7200 },
    { transaction: "GET /api/health", p95Ms: 12.4, tpm: 6.0, count: 360 },
  ];
}

// ------------------------------------------------------------------------------------------------
// Standalone: npx tsx tests/fake-sentry/server.ts [--port 9999] [--host 127.0.0.1] [--token demo-token]

function argValue(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index !== -1) return args[index + 1];
  const inline = args.find((a) => a.startsWith(`${name}=`));
  return inline?.slice(name.length + 1);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const port = Number(argValue(args, "--port") ?? 9999);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${String(port)}`);
  const fake = await startFakeSentry({
    port,
    host: argValue(args, "--host") ?? "127.0.0.1",
    token: argValue(args, "--token") ?? "demo-token",
    org: argValue(args, "--org") ?? "acme",
    demo: true,
  });
  const project = fake.state.projects[0] ?? DEFAULT_PROJECT;
  console.log(
    `Fake Sentry listening on ${fake.url} (demo data: ${fake.state.issues.length} issues, ${fake.state.transactions.length} transactions)`,
  );
  console.log("Point the portal at it with:");
  console.log(`  SENTRY_API_URL=${fake.url}`);
  console.log(`  SENTRY_ORG=${fake.state.org}`);
  console.log(`  SENTRY_PROJECT=${project.id}`);
  console.log(`  SENTRY_AUTH_TOKEN=${fake.state.token}`);
  console.log(`  SENTRY_DSN=${fake.dsn(project.id)}`);
  const stop = (): void => {
    void fake.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
