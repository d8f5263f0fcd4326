import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { config } from "@/lib/config";
import { demoJob, startDemoWorkload, type DemoWorkload } from "@/lib/queues/demo-workload";
import { deadLetterJobId } from "@/lib/queues/dead-letter";

/**
 * Runs the demo workload against the e2e server's Redis prefix (or another portal's `prefix`) and waits until a payment that
 * fails for good has reached the DLQ. Returns the original job id.
 */
export async function failPaymentIntoDlq(
  scenario = "card-declined",
  prefix = config().QUEUE_PREFIX,
): Promise<{ jobId: string; stop(): Promise<void> }> {
  const cfg = config();
  const connection = new Redis(cfg.REDIS_URL, { maxRetriesPerRequest: null });
  const workload: DemoWorkload = startDemoWorkload({ connection, prefix, queues: cfg.queues });
  const payments = new Queue("payments", { connection, prefix });
  const dlq = new Queue("payments-dlq", { connection, prefix });
  const job = demoJob("payments", scenario);
  const added = await payments.add(job.name, job.data, { attempts: 1 });
  const dlqId = deadLetterJobId("payments", String(added.id));
  const deadline = Date.now() + 15_000;
  while (!(await dlq.getJob(dlqId))) {
    if (Date.now() > deadline) throw new Error(`payment ${added.id} did not reach the DLQ within 15 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    jobId: String(added.id),
    async stop() {
      await workload.stop();
      await Promise.all([payments.close(), dlq.close()]);
      await connection.quit();
    },
  };
}
