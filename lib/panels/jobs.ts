import type { Job, Queue } from "bullmq";
import { z } from "zod";
import type { MonitoredQueue } from "@/lib/config";
import { jobCounts, type JobState } from "@/lib/queues/counts";
import { redisFailure } from "./redis-errors";
import { withTimeout } from "./timeout";
import type { JobEntry, JobsData, PanelSnapshot } from "./types";

// Failed jobs of a queue and the entries of a DLQ, one page at a time. A failed set can hold
// 100 000 jobs: only the counters and the jobs of the requested page are read, never the set.

export const DEFAULT_PAGE_SIZE = 5;
export const REDIS_TIMEOUT_MS = 1500;
/** Job data and stacks are cut here so one huge job cannot bloat the page or the JSON. */
export const MAX_TEXT = 8000;

export interface JobPageQuery {
  /** 0-based. Past the end means the last page. */
  page?: number;
  pageSize?: number;
  timeoutMs?: number;
}

/** States a DLQ entry can be in, in the order the panel lists them (nothing consumes a DLQ, so mostly `waiting`). */
export const DLQ_STATES = [
  "waiting",
  "prioritized",
  "delayed",
  "active",
  "failed",
] as const satisfies readonly JobState[];

export interface StateRange {
  state: JobState;
  start: number;
  end: number;
}

/**
 * Maps the global range [start, end] over states listed one after the other onto per-state
 * ranges. BullMQ's getJobs(types, start, end) applies the range to each type separately, so
 * paging across several states has to be done here.
 */
export function splitRange(
  counts: ReadonlyArray<{ state: JobState; count: number }>,
  start: number,
  end: number,
): StateRange[] {
  const ranges: StateRange[] = [];
  let offset = 0;
  for (const { state, count } of counts) {
    const from = Math.max(start, offset);
    const to = Math.min(end, offset + count - 1);
    if (from <= to) ranges.push({ state, start: from - offset, end: to - offset });
    offset += count;
    if (offset > end) break;
  }
  return ranges;
}

export function pageBounds(
  total: number,
  page: number,
  pageSize: number,
): { page: number; start: number; end: number } {
  const last = Math.max(0, Math.ceil(total / pageSize) - 1);
  const actual = Math.min(Math.max(0, Math.floor(page)), last);
  const start = actual * pageSize;
  return { page: actual, start, end: start + pageSize - 1 };
}

function cut(text: string): { text: string; truncated: boolean } {
  return text.length > MAX_TEXT
    ? { text: `${text.slice(0, MAX_TEXT)}\n…`, truncated: true }
    : { text, truncated: false };
}

function prettyJson(value: unknown): { text: string; truncated: boolean } {
  let json: string | undefined;
  try {
    json = JSON.stringify(value, null, 2);
  } catch {
    json = String(value);
  }
  return cut(json ?? "—");
}

function lastStack(stacktrace: readonly string[] | null | undefined): { stack: string | null; count: number } {
  const list = (stacktrace ?? []).filter((s) => typeof s === "string" && s.length > 0);
  const last = list.at(-1);
  return { stack: last === undefined ? null : cut(last).text, count: list.length };
}

function isoOrNull(ms: number | undefined): string | null {
  return typeof ms === "number" && Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : null;
}

function failedEntry(job: Job, state: string): JobEntry {
  const data = prettyJson(job.data);
  const { stack, count } = lastStack(job.stacktrace);
  return {
    id: String(job.id),
    queue: job.queueName,
    state,
    name: job.name,
    dataJson: data.text,
    dataTruncated: data.truncated,
    failedReason: job.failedReason || null,
    stack,
    stackCount: count,
    attemptsMade: job.attemptsMade,
    attemptsAllowed: job.opts.attempts ?? 1,
    failedAt: isoOrNull(job.finishedOn),
  };
}

// lib/queues/dead-letter.ts writes this shape; read it defensively, a DLQ may hold anything.
export const deadLetterPayload = z.object({
  queue: z.string(),
  jobId: z.string(),
  name: z.string(),
  data: z.unknown(),
  failedReason: z.string(),
  stacktrace: z.array(z.string()).catch([]),
  attemptsMade: z.number().catch(0),
  failedAt: z.string().catch(""),
});

function deadLetterEntry(job: Job, state: string): JobEntry {
  const parsed = deadLetterPayload.safeParse(job.data);
  if (!parsed.success) return { ...failedEntry(job, state), attemptsAllowed: null };
  const payload = parsed.data;
  const data = prettyJson(payload.data);
  const { stack, count } = lastStack(payload.stacktrace);
  const failedAt = Date.parse(payload.failedAt);
  return {
    id: String(job.id),
    queue: job.queueName,
    state,
    name: payload.name,
    dataJson: data.text,
    dataTruncated: data.truncated,
    failedReason: payload.failedReason || null,
    stack,
    stackCount: count,
    attemptsMade: payload.attemptsMade,
    attemptsAllowed: null,
    failedAt: Number.isNaN(failedAt) ? isoOrNull(job.timestamp) : new Date(failedAt).toISOString(),
    original: { queue: payload.queue, jobId: payload.jobId },
  };
}

function errorSnapshot(error: unknown): PanelSnapshot<JobsData> {
  return { status: "error", fetchedAt: new Date().toISOString(), error: redisFailure(error) };
}

/** One page of `queue`'s failed set, newest first. */
export async function loadFailedJobs(
  queue: Queue,
  owner: Pick<MonitoredQueue, "name" | "displayName">,
  query: JobPageQuery = {},
): Promise<PanelSnapshot<JobsData>> {
  const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
  try {
    const data = await withTimeout(
      (async (): Promise<JobsData> => {
        const total = (await queue.getJobCounts("failed")).failed ?? 0;
        const bounds = pageBounds(total, query.page ?? 0, pageSize);
        const jobs = total === 0 ? [] : await queue.getFailed(bounds.start, bounds.end);
        return {
          kind: "failed",
          queue: owner.name,
          displayName: owner.displayName,
          listedQueue: queue.name,
          total,
          page: bounds.page,
          pageSize,
          jobs: jobs.filter(Boolean).map((job) => failedEntry(job as Job, "failed")),
        };
      })(),
      query.timeoutMs ?? REDIS_TIMEOUT_MS,
    );
    return { status: "ok", fetchedAt: new Date().toISOString(), data };
  } catch (error) {
    return errorSnapshot(error);
  }
}

/** One page of the DLQ of `source`: what is still dead there, newest first within each state. */
export async function loadDeadLetters(
  dlq: Queue,
  source: Pick<MonitoredQueue, "name" | "displayName">,
  query: JobPageQuery = {},
): Promise<PanelSnapshot<JobsData>> {
  const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
  try {
    const data = await withTimeout(
      (async (): Promise<JobsData> => {
        const counts = await jobCounts(dlq);
        const perState = DLQ_STATES.map((state) => ({ state, count: counts[state] }));
        const total = perState.reduce((sum, s) => sum + s.count, 0);
        const bounds = pageBounds(total, query.page ?? 0, pageSize);
        const ranges = total === 0 ? [] : splitRange(perState, bounds.start, bounds.end);
        const pages = await Promise.all(
          ranges.map(async (range) => {
            const jobs =
              range.state === "failed"
                ? await dlq.getFailed(range.start, range.end)
                : await dlq.getJobs([range.state], range.start, range.end);
            return jobs.filter(Boolean).map((job) => deadLetterEntry(job as Job, range.state));
          }),
        );
        return {
          kind: "dlq",
          queue: source.name,
          displayName: source.displayName,
          listedQueue: dlq.name,
          total,
          page: bounds.page,
          pageSize,
          jobs: pages.flat(),
        };
      })(),
      query.timeoutMs ?? REDIS_TIMEOUT_MS,
    );
    return { status: "ok", fetchedAt: new Date().toISOString(), data };
  } catch (error) {
    return errorSnapshot(error);
  }
}
