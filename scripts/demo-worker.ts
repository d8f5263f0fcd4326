// The demo workload: processes the demo queues, failing some jobs into their DLQs, and keeps
// producing new jobs so the dashboards move. Stops cleanly on SIGTERM/SIGINT.
import { config } from "@/lib/config";
import { logger } from "@/lib/observability/log";
import { startDemoWorkload } from "@/lib/queues/demo-workload";
import { createRedis, workerRedisOptions } from "@/lib/redis";

const cfg = config();
const log = logger("demo-worker");
const connection = createRedis(cfg.REDIS_URL, workerRedisOptions(), "demo-worker");
const workload = startDemoWorkload({
  connection,
  prefix: cfg.QUEUE_PREFIX,
  queues: cfg.queues,
  intervalMs: Number(process.env.DEMO_INTERVAL_MS ?? 5000),
});

await workload.seedBurst();
log.info({ queues: cfg.queues.map((q) => q.name) }, "demo workload running");

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, async () => {
    await workload.stop();
    await connection.quit().catch(() => undefined);
    process.exit(0);
  });
}
