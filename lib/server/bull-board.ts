import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Router } from "express";
import type { Queue } from "bullmq";
import type { MonitoredQueue } from "@/lib/config";

export const BULL_BOARD_PATH = "/admin/queues";

/** Bull Board for the monitored queues; each DLQ listed beside its source queue. */
export function bullBoardRouter(monitored: MonitoredQueue[], queues: Map<string, Queue>): Router {
  const serverAdapter = new ExpressAdapter();
  // Must equal the mount path, or the UI loads its assets from the wrong place and shows "Loading…".
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  const adapters: BullMQAdapter[] = [];
  for (const q of monitored) {
    const queue = queues.get(q.name);
    if (queue) adapters.push(new BullMQAdapter(queue, { displayName: q.displayName, description: q.dlq ? `DLQ: ${q.dlq}` : undefined }));
    const dlq = q.dlq ? queues.get(q.dlq) : undefined;
    if (dlq) adapters.push(new BullMQAdapter(dlq, { displayName: `${q.displayName} — DLQ`, description: `Jobs de ${q.name} que esgotaram as tentativas` }));
  }
  createBullBoard({
    queues: adapters,
    serverAdapter,
    options: { uiConfig: { boardTitle: "Filas — Portal de Operações" } },
  });
  return serverAdapter.getRouter() as Router;
}
