import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { redis } from "@/lib/redis";
import { JobIndexer } from "./indexer";

/** The portal's indexer: every replica runs one, the lease lets only one of them write. */
export function startJobIndexer(): JobIndexer {
  const cfg = config();
  const indexer = new JobIndexer({
    connection: redis(),
    prefix: cfg.QUEUE_PREFIX,
    queues: cfg.queues,
    db: db(),
    reconcileEveryMs: cfg.JOB_INDEX_RECONCILE_MINUTES * 60_000,
  });
  indexer.start();
  return indexer;
}
