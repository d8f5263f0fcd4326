import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Queue, QueueEvents, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { config } from "@/lib/config";
import { attachDeadLetter, deadLetterJobId, type DeadLetterPayload } from "@/lib/queues/dead-letter";
import { deletePrefix, uniquePrefix } from "../helpers/redis.ts";

const prefix = uniquePrefix("dlq");
let connection: Redis;
let source: Queue;
let dlq: Queue;
let worker: Worker;
let events: QueueEvents;
let failures: Record<string, () => Error | null>;
const extraConnections: Redis[] = [];

function duplicate(): Redis {
  const c = connection.duplicate();
  extraConnections.push(c);
  return c;
}

before(async () => {
  connection = new Redis(config().REDIS_URL, { maxRetriesPerRequest: null });
  source = new Queue("orders", { connection, prefix });
  dlq = new Queue("orders-dlq", { connection, prefix });
  failures = {};
  worker = new Worker(
    "orders",
    async (job) => {
      const failure = failures[job.name]?.();
      if (failure) throw failure;
      return "ok";
    },
    { connection: duplicate(), prefix },
  );
  attachDeadLetter(worker, dlq);
  events = new QueueEvents("orders", { connection: duplicate(), prefix });
  await Promise.all([worker.waitUntilReady(), events.waitUntilReady()]);
});

after(async () => {
  await worker.close();
  await events.close();
  await Promise.all([source.close(), dlq.close()]);
  // BullMQ leaves connections it was handed open; they would keep the test process alive.
  await Promise.all([connection, ...extraConnections].map((c) => c.quit()));
  await deletePrefix(prefix);
});

async function dlqEntry(jobId: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const entry = await dlq.getJob(deadLetterJobId("orders", jobId));
    if (entry) return entry;
    if (Date.now() > deadline) return undefined;
    await new Promise((r) => setTimeout(r, 50));
  }
}

test("a job whose retries are exhausted lands in the DLQ with its data, error and attempts", async () => {
  failures["transient"] = () => new Error("upstream timed out");
  const job = await source.add("transient", { orderId: 7 }, { attempts: 3, backoff: { type: "fixed", delay: 10 } });
  const entry = await dlqEntry(String(job.id));
  assert.ok(entry, "the job should reach the DLQ");
  const payload = entry.data as DeadLetterPayload;
  assert.equal(payload.queue, "orders");
  assert.equal(payload.jobId, String(job.id));
  assert.deepEqual(payload.data, { orderId: 7 });
  assert.equal(payload.failedReason, "upstream timed out");
  assert.equal(payload.attemptsMade, 3);
  assert.ok(payload.stacktrace.length > 0);
  // The original stays in the source queue's failed set, so Bull Board can retry it there.
  assert.equal(await (await source.getJob(String(job.id)))?.getState(), "failed");
});

test("a job that fails but still has attempts left does not reach the DLQ", async () => {
  let calls = 0;
  failures["flaky"] = () => (++calls === 1 ? new Error("first try fails") : null);
  const job = await source.add("flaky", {}, { attempts: 2, backoff: { type: "fixed", delay: 10 } });
  await job.waitUntilFinished(events, 10_000);
  assert.equal(await dlqEntry(String(job.id), 500), undefined);
});

test("an unrecoverable failure goes to the DLQ at once, whatever attempts remain", async () => {
  failures["permanent"] = () => new UnrecoverableError("card declined");
  const job = await source.add("permanent", {}, { attempts: 5 });
  const entry = await dlqEntry(String(job.id));
  assert.ok(entry);
  assert.equal((entry.data as DeadLetterPayload).attemptsMade, 1);
});

test("filing the same job twice keeps one DLQ entry", async () => {
  failures["twice"] = () => new UnrecoverableError("bad payload");
  const job = await source.add("twice", {}, { attempts: 1 });
  assert.ok(await dlqEntry(String(job.id)));
  const { moveToDeadLetter } = await import("@/lib/queues/dead-letter");
  const failed = await source.getJob(String(job.id));
  await moveToDeadLetter(dlq, failed!, new Error("bad payload"));
  const all = await dlq.getJobs(["waiting", "delayed", "prioritized"]);
  assert.equal(all.filter((j) => j.id === deadLetterJobId("orders", String(job.id))).length, 1);
});
