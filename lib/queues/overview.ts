import { config } from "@/lib/config";
import { deadLetterSize, jobCounts, type JobCounts } from "@/lib/queues/counts";
import { getQueue } from "@/lib/queues/registry";

export interface QueueSummary {
  name: string;
  displayName: string;
  dlq: string | null;
  counts: JobCounts;
  dlqSize: number | null;
}

export type QueueOverview = { ok: true; queues: QueueSummary[] } | { ok: false; error: string };

const OVERVIEW_TIMEOUT_MS = 1500;

/** Counts for every monitored queue; a Redis outage becomes a result, not an exception. */
export async function queueOverview(): Promise<QueueOverview> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const work = Promise.all(
      config().queues.map(async (q): Promise<QueueSummary> => {
        const queue = getQueue(q.name);
        const dlq = q.dlq ? getQueue(q.dlq) : undefined;
        if (!queue) throw new Error(`queue ${q.name} is not registered`);
        const [counts, dlqCounts] = await Promise.all([jobCounts(queue), dlq ? jobCounts(dlq) : null]);
        return {
          name: q.name,
          displayName: q.displayName,
          dlq: q.dlq,
          counts,
          dlqSize: dlqCounts ? deadLetterSize(dlqCounts) : null,
        };
      }),
    );
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis did not answer within ${OVERVIEW_TIMEOUT_MS} ms`)),
        OVERVIEW_TIMEOUT_MS,
      );
    });
    return { ok: true, queues: await Promise.race([work, timeout]) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}
