import { type Queue, UnrecoverableError, type Job, type Worker } from "bullmq";
import { logger } from "@/lib/observability/log";

/** What a dead-lettered job carries: enough to inspect it and to send it back where it came from. */
export interface DeadLetterPayload {
  queue: string;
  jobId: string;
  name: string;
  data: unknown;
  failedReason: string;
  stacktrace: string[];
  attemptsMade: number;
  failedAt: string;
}

/** BullMQ has no DLQ of its own: a job is dead once its last attempt failed or it is unrecoverable. */
export function isFinalFailure(job: Job, err: Error): boolean {
  const attempts = job.opts.attempts ?? 1;
  return job.attemptsMade >= attempts || err instanceof UnrecoverableError || err.name === "UnrecoverableError";
}

/** Stable per original job, so a repeated `failed` event never files the job twice. */
export function deadLetterJobId(queueName: string, jobId: string): string {
  return `${queueName}-${jobId}`;
}

export async function moveToDeadLetter(dlq: Queue, job: Job, err: Error): Promise<void> {
  const payload: DeadLetterPayload = {
    queue: job.queueName,
    jobId: String(job.id),
    name: job.name,
    data: job.data,
    failedReason: err.message,
    stacktrace: job.stacktrace?.length ? job.stacktrace : err.stack ? [err.stack] : [],
    attemptsMade: job.attemptsMade,
    failedAt: new Date(job.finishedOn ?? Date.now()).toISOString(),
  };
  await dlq.add(job.name, payload, {
    jobId: deadLetterJobId(job.queueName, String(job.id)),
    removeOnComplete: false,
    removeOnFail: false,
  });
}

/** Files every job of `worker` whose retries are exhausted into `dlq`. */
export function attachDeadLetter(worker: Worker, dlq: Queue): void {
  const log = logger("dead-letter");
  worker.on("failed", (job, err) => {
    if (!job || !isFinalFailure(job, err)) return;
    moveToDeadLetter(dlq, job, err).then(
      () => log.warn({ queue: job.queueName, jobId: job.id, dlq: dlq.name, reason: err.message }, "job moved to DLQ"),
      (moveErr: Error) =>
        log.error({ queue: job.queueName, jobId: job.id, err: moveErr.message }, "could not move job to DLQ"),
    );
  });
}
