import type { Queue } from "bullmq";
import type { MonitoredQueue } from "@/lib/config";
import { deadLetterSize, jobCounts } from "@/lib/queues/counts";
import { REDIS_TIMEOUT_MS } from "./jobs";
import { redisFailure } from "./redis-errors";
import { withTimeout } from "./timeout";
import type { PanelSnapshot, QueueRow, QueuesData } from "./types";

// `::queues`: counters of every monitored queue and the size of its DLQ. Counters only
// (getJobCounts), so the cost does not grow with the size of the queues.

export async function loadQueueOverview(
  monitored: readonly MonitoredQueue[],
  resolve: (name: string) => Queue | undefined,
  timeoutMs = REDIS_TIMEOUT_MS,
): Promise<PanelSnapshot<QueuesData>> {
  try {
    const queues = await withTimeout(
      Promise.all(
        monitored.map(async (q): Promise<QueueRow> => {
          const queue = resolve(q.name);
          if (!queue) throw new Error(`fila ${q.name} não registrada no portal`);
          const dlq = q.dlq ? resolve(q.dlq) : undefined;
          const [counts, dlqCounts] = await Promise.all([jobCounts(queue), dlq ? jobCounts(dlq) : null]);
          return {
            name: q.name,
            displayName: q.displayName,
            dlq: q.dlq,
            counts,
            dlqSize: dlqCounts ? deadLetterSize(dlqCounts) : null,
          };
        }),
      ),
      timeoutMs,
    );
    return { status: "ok", fetchedAt: new Date().toISOString(), data: { queues } };
  } catch (error) {
    return { status: "error", fetchedAt: new Date().toISOString(), error: redisFailure(error) };
  }
}
