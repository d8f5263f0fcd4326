import fc from "fast-check";
import { appRoutes } from "@bull-board/api/dist/routes.js";
import type { FuzzContext } from "../context";
import { caller, request, type FuzzEndpoint } from "../endpoint";
import { hostileText } from "../hostile";
import { hostileJson, Raw, type JsonLike } from "../json";
import { ignoredBody, jsonBody, jsonObject, pathSegment, type FieldSpec } from "../shapes";

// Bull Board's write API under /admin/queues/api, as its own route table declares it, so a new
// write route in a Bull Board upgrade demands a fuzz entry. Writes go to the e2e run's queues
// (the fuzz runs after every other spec) and to the jobs the fuzz added itself.

export const BOARD_API_PREFIX = "/admin/queues";

export interface BoardRoute {
  method: string;
  /** Express-style, e.g. /api/queues/:queueName/retry/:queueStatus. */
  route: string;
  body?: string;
}

/** Every non-GET route of Bull Board's API. */
export function boardWriteRoutes(): BoardRoute[] {
  return appRoutes.api
    .flatMap((r) =>
      (Array.isArray(r.method) ? r.method : [r.method]).map((method) => ({
        method: method.toUpperCase(),
        route: r.route as string,
        body: r.spec?.body as string | undefined,
      })),
    )
    .filter((r) => r.method !== "GET")
    .flatMap((r) => (Array.isArray(r.route) ? r.route.map((route: string) => ({ ...r, route })) : [r]));
}

const int = (values: number[]) =>
  fc.oneof(
    fc.constantFrom(...values),
    fc.integer(),
    fc.constantFrom("1e400", "-0", "9007199254740993").map((n) => new Raw(n)),
  );

const jobOptions = jsonObject({
  attempts: { valid: int([1, 3, 0, -1, 1e9]), optional: true },
  delay: { valid: int([0, 1000, -5, 2 ** 53]), optional: true },
  priority: { valid: int([0, 1, 2 ** 21, 2 ** 22]), optional: true },
  jobId: { valid: fc.oneof(hostileText(60), fc.constantFrom("1", "a:b", "fuzz-board-0")), optional: true },
  lifo: { valid: fc.boolean(), optional: true },
  backoff: {
    valid: fc.oneof(
      int([100]),
      jsonObject({
        type: { valid: fc.constantFrom("fixed", "exponential", "custom", "<x>") },
        delay: { valid: int([100, -1]) },
      }),
    ),
    optional: true,
  },
  removeOnComplete: { valid: fc.oneof(fc.boolean(), int([10])), optional: true },
  removeOnFail: { valid: fc.oneof(fc.boolean(), int([10])), optional: true },
  repeat: {
    valid: jsonObject({ every: { valid: int([1000]) }, pattern: { valid: hostileText(30), optional: true } }),
    optional: true,
  },
  parent: {
    valid: jsonObject({ id: { valid: hostileText(20) }, queue: { valid: fc.constantFrom("bull:payments", "x", "") } }),
    optional: true,
  },
  timestamp: { valid: int([Date.now(), -1]), optional: true },
});

const BODY_FIELDS: Record<string, Record<string, FieldSpec>> = {
  AddJobBody: {
    name: { valid: hostileText(200), optional: true },
    data: { valid: hostileJson, optional: true },
    options: { valid: jobOptions, optional: true },
  },
  UpdateJobDataBody: { jobData: { valid: hostileJson } },
  ChangeJobDelayBody: { runAt: { valid: int([Date.now() + 60_000, 0, -1, 8.64e15 + 1]) } },
  ChangeJobPriorityBody: { priority: { valid: int([0, 1, 2 ** 21, 2 ** 21 + 1]) } },
  SetGlobalConcurrencyBody: { concurrency: { valid: int([0, 1, 10, 2 ** 31]) } },
  SetRateLimitBody: {
    max: { valid: fc.oneof(int([1, 10]), fc.constant(null)), optional: true },
    duration: { valid: int([1000, 0]), optional: true },
  },
  ObliterateQueueBody: { force: { valid: fc.boolean(), optional: true } },
  UpdateJobSchedulerBody: {
    pattern: {
      valid: fc.oneof(fc.constantFrom("*/5 * * * *", "* * *", "99 99 * * *"), hostileText(40)),
      optional: true,
    },
    every: {
      valid: fc.oneof(int([1000, 0]), fc.constant(null), fc.constantFrom<JsonLike>("1000", "abc")),
      optional: true,
    },
    tz: { valid: fc.constantFrom("America/Sao_Paulo", "Mars/Olympus", ""), optional: true },
    limit: { valid: fc.oneof(int([1, 0]), fc.constant(null)), optional: true },
    endDate: {
      valid: fc.oneof(int([Date.now() + 60_000, -1]), fc.constant(null), fc.constantFrom<JsonLike>("2030-01-01", "x")),
      optional: true,
    },
  },
};

const STATUSES = ["failed", "completed", "delayed", "waiting", "wait", "active", "paused", "prioritized", "latest"];

function pathFor(ctx: FuzzContext, route: string): fc.Arbitrary<string> {
  const names = [...ctx.queues.map((q) => q.name), ...ctx.queues.flatMap((q) => (q.dlq ? [q.dlq] : []))];
  const values: Record<string, fc.Arbitrary<string>> = {
    queueName: pathSegment(fc.constantFrom(...names)),
    jobId: pathSegment(
      fc.constantFrom(...ctx.boardJobs.map((j) => j.id), ...ctx.deadLetters.map((d) => `${d.queue}-${d.jobId}`)),
    ),
    queueStatus: pathSegment(fc.constantFrom(...STATUSES)),
    schedulerId: pathSegment(fc.constantFrom("fuzz-scheduler", "x")),
  };
  const segments = route
    .split("/")
    .map((segment) =>
      segment.startsWith(":") ? (values[segment.slice(1)] ?? pathSegment(hostileText(40))) : fc.constant(segment),
    );
  return fc.tuple(...segments).map((parts) => `${BOARD_API_PREFIX}${parts.join("/")}`);
}

export function boardEndpoints(): FuzzEndpoint[] {
  return boardWriteRoutes().map((r) => {
    const key = `${r.method} ${BOARD_API_PREFIX}${r.route}`;
    const fields = r.body ? BODY_FIELDS[r.body] : undefined;
    return {
      name: key,
      covers: key,
      errorFields: ["error", "error.key"],
      requests: (ctx: FuzzContext) => {
        if (r.body && !fields)
          throw new Error(`Bull Board route ${key} takes a ${r.body}: describe its fields in BODY_FIELDS`);
        // Bull Board parses bodies with express.json(), whose limit is 100 KiB.
        return request({
          method: r.method,
          path: pathFor(ctx, r.route),
          who: caller("jobs:act"),
          body: fields ? jsonBody(fields, 100 * 1024) : ignoredBody,
          baseUrl: ctx.baseUrl,
        });
      },
    };
  });
}
