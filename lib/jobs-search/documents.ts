import type { Job } from "bullmq";
import type { MonitoredQueue } from "@/lib/config";
import { deadLetterPayload, MAX_TEXT } from "@/lib/panels/jobs";

// What the index keeps of a job: exactly what the failed-jobs and DLQ panels (and Bull Board)
// show of it, data cut at the same size, so a search result never reveals more than they do.

export interface IndexRow {
  queue: string;
  jobId: string;
  sourceQueue: string;
  originalJobId: string | null;
  deadLetter: boolean;
  name: string;
  state: string;
  attemptsMade: number;
  attemptsAllowed: number | null;
  failedReason: string | null;
  dataText: string;
  searchText: string;
  createdAt: Date;
  finishedAt: Date | null;
}

/** Where each watched queue name belongs: a monitored queue to itself, a DLQ to its source. */
export interface QueueOwner {
  sourceQueue: string;
  deadLetter: boolean;
}

export function queueOwners(monitored: readonly MonitoredQueue[]): Map<string, QueueOwner> {
  const owners = new Map<string, QueueOwner>();
  for (const q of monitored) {
    owners.set(q.name, { sourceQueue: q.name, deadLetter: false });
    if (q.dlq) owners.set(q.dlq, { sourceQueue: q.name, deadLetter: true });
  }
  return owners;
}

function dataText(value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = String(value);
  }
  json ??= "";
  return json.length > MAX_TEXT ? json.slice(0, MAX_TEXT) : json;
}

// PostgreSQL text cannot hold NUL: one such job name must not stall the indexer on its batch.
const text = (value: string) => value.replaceAll("\u0000", "");
const textOrNull = (value: string | null | undefined) => (value ? text(value) : null);

function dateOrNull(ms: number | undefined): Date | null {
  return typeof ms === "number" && Number.isFinite(ms) && ms > 0 ? new Date(ms) : null;
}

/** Lower-cased here and in the query alike, so LIKE on the trigram index is case-insensitive. */
export function searchTextOf(parts: ReadonlyArray<string | null>): string {
  return parts
    .filter((p): p is string => !!p)
    .join("\n")
    .toLowerCase();
}

export function indexRow(job: Job, state: string, owner: QueueOwner): IndexRow {
  const base = {
    queue: job.queueName,
    jobId: text(String(job.id)),
    sourceQueue: owner.sourceQueue,
    deadLetter: owner.deadLetter,
    state,
    createdAt: dateOrNull(job.timestamp) ?? new Date(0),
    finishedAt: dateOrNull(job.finishedOn),
  };
  const copy = owner.deadLetter ? deadLetterPayload.safeParse(job.data) : null;
  if (copy?.success) {
    const payload = copy.data;
    const data = dataText(payload.data);
    const failedAt = Date.parse(payload.failedAt);
    return {
      ...base,
      originalJobId: text(payload.jobId),
      name: text(payload.name),
      attemptsMade: payload.attemptsMade,
      attemptsAllowed: null,
      failedReason: textOrNull(payload.failedReason),
      dataText: data,
      searchText: searchTextOf([
        base.jobId,
        text(payload.jobId),
        text(payload.name),
        data,
        textOrNull(payload.failedReason),
      ]),
      finishedAt: Number.isNaN(failedAt) ? base.finishedAt : new Date(failedAt),
    };
  }
  const data = dataText(job.data);
  return {
    ...base,
    originalJobId: null,
    name: text(job.name),
    attemptsMade: job.attemptsMade,
    attemptsAllowed: job.opts.attempts ?? 1,
    failedReason: textOrNull(job.failedReason),
    dataText: data,
    searchText: searchTextOf([base.jobId, text(job.name), data, textOrNull(job.failedReason)]),
  };
}
