import { Queue } from "bullmq";
import { allQueueNames, config, type MonitoredQueue } from "@/lib/config";
import { logger } from "@/lib/observability/log";
import { redis } from "@/lib/redis";
import { processSingleton, peekSingleton, forgetSingleton } from "@/lib/runtime";

type QueueMap = Map<string, Queue>;

/** BullMQ handles for every monitored queue and DLQ, sharing the portal's Redis connection. */
export function queues(): QueueMap {
  return processSingleton("queues", () => {
    const log = logger("queues");
    const map: QueueMap = new Map();
    for (const name of allQueueNames()) {
      const queue = new Queue(name, { connection: redis(), prefix: config().QUEUE_PREFIX });
      // Without a listener BullMQ would surface connection errors as unhandled; the shared
      // connection already logs them once.
      queue.on("error", (err) => log.debug({ queue: name, err: err.message }, "queue error"));
      map.set(name, queue);
    }
    return map;
  });
}

export function getQueue(name: string): Queue | undefined {
  return queues().get(name);
}

export function monitoredQueue(name: string): MonitoredQueue | undefined {
  return config().queues.find((q) => q.name === name);
}

export async function closeQueues(): Promise<void> {
  const map = peekSingleton<QueueMap>("queues");
  if (!map) return;
  forgetSingleton("queues");
  await Promise.allSettled([...map.values()].map((q) => q.close()));
}
