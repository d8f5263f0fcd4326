import type { Queue } from "bullmq";

export const JOB_STATES = [
  "waiting",
  "active",
  "delayed",
  "prioritized",
  "waiting-children",
  "failed",
  "completed",
] as const;
export type JobState = (typeof JOB_STATES)[number];
export type JobCounts = Record<JobState, number>;

/** Counts per state; BullMQ 6 folds paused jobs into `waiting`. */
export async function jobCounts(queue: Queue): Promise<JobCounts> {
  const counts = await queue.getJobCounts(...JOB_STATES);
  return Object.fromEntries(JOB_STATES.map((s) => [s, counts[s] ?? 0])) as JobCounts;
}

/** Jobs sitting in a DLQ: nothing consumes it, so everything not completed is still dead. */
export function deadLetterSize(counts: JobCounts): number {
  return counts.waiting + counts.active + counts.delayed + counts.prioritized + counts.failed;
}
