// DLQ actions from an incident, against real Redis (own prefix) and PostgreSQL: retry sends the
// job back to its queue where it is processed and removes the DLQ copy; discard removes both;
// each needs a reason, lands on the timeline and in the audit log, and is safe to click twice.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Queue, QueueEvents, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { config } from "@/lib/config";
import { ConflictError, NotFoundError } from "@/lib/http/errors";
import { openIncident } from "@/lib/incidents/incidents";
import { actOnDeadLetter, type QueueAccess } from "@/lib/incidents/jobs";
import { jobActionBodySchema } from "@/lib/incidents/validation";
import { attachDeadLetter, deadLetterJobId } from "@/lib/queues/dead-letter";
import { deletePrefix, uniquePrefix } from "@/tests/helpers/redis";
import { createIncidentFixture, key, type IncidentFixture } from "./incidents-fixture";

let fx: IncidentFixture;
let connection: Redis;
let prefix: string;
let payments: Queue;
let dlq: Queue;
let worker: Worker;
let events: QueueEvents;
// Worker and QueueEvents need connections of their own; BullMQ does not close connections it was given.
const extra: Redis[] = [];
const own = () => {
  const c = connection.duplicate();
  extra.push(c);
  return c;
};
const queues: QueueAccess = {
  queue: (name) => (name === "payments" ? payments : name === "payments-dlq" ? dlq : undefined),
  dlqOf: (name) => (name === "payments" ? "payments-dlq" : undefined),
};

before(async () => {
  fx = await createIncidentFixture();
  prefix = uniquePrefix("incident-jobs");
  connection = new Redis(config().REDIS_URL, { maxRetriesPerRequest: null });
  payments = new Queue("payments", { connection, prefix });
  dlq = new Queue("payments-dlq", { connection, prefix });
  events = new QueueEvents("payments", { connection: own(), prefix });
  // Fails on a job's first start only: a transient gateway error.
  worker = new Worker(
    "payments",
    async (job: Job) => {
      if (job.attemptsStarted <= 1) throw new Error("Gateway de pagamento não respondeu (ETIMEDOUT)");
      return { ok: true };
    },
    { connection: own(), prefix },
  );
  attachDeadLetter(worker, dlq);
  await events.waitUntilReady();
});
after(async () => {
  await worker?.close();
  await events?.close();
  await payments?.close();
  await dlq?.close();
  for (const c of extra) c.disconnect();
  connection?.disconnect();
  await deletePrefix(prefix);
  await fx?.close();
});

async function deadLetter(): Promise<string> {
  const job = await payments.add("charge", { paymentId: key("pay"), amount: 10 }, { attempts: 1 });
  const id = deadLetterJobId("payments", String(job.id));
  for (let i = 0; i < 100 && !(await dlq.getJob(id)); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(await dlq.getJob(id), "job reached the DLQ");
  return String(job.id);
}

const incident = () =>
  openIncident({ runbookSlug: "03-alerta-job-na-dlq", title: "DLQ", idempotencyKey: key() }, fx.users.lucas, fx.deps());

describe("DLQ actions", () => {
  test("retry: back to its queue and processed, DLQ copy gone, timeline + audit; a second click changes nothing", async () => {
    const { id } = await incident();
    const jobId = await deadLetter();
    const completed = new Promise<void>((resolve) =>
      events.on("completed", ({ jobId: done }) => done === jobId && resolve()),
    );
    const k = key();
    const result = await actOnDeadLetter(
      id,
      { action: "retry", queue: "payments", jobId, reason: "gateway voltou", idempotencyKey: k },
      fx.users.lucas,
      { ...fx.deps(), queues },
    );
    assert.equal(result.entry.kind, "action");
    assert.match(result.entry.body ?? "", /Motivo: gateway voltou/);
    assert.equal(await dlq.getJob(deadLetterJobId("payments", jobId)), undefined);
    await completed;
    assert.equal(await (await payments.getJob(jobId))!.getState(), "completed");
    const audit = await fx.prisma.auditEvent.findMany({ where: { action: "job.retry" } });
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.targetId, `payments/${jobId}`);

    const replay = await actOnDeadLetter(
      id,
      { action: "retry", queue: "payments", jobId, reason: "gateway voltou", idempotencyKey: k },
      fx.users.lucas,
      { ...fx.deps(), queues },
    );
    assert.equal(replay.outcome, "replayed");
    await assert.rejects(
      actOnDeadLetter(
        id,
        { action: "retry", queue: "payments", jobId, reason: "de novo", idempotencyKey: key() },
        fx.users.lucas,
        { ...fx.deps(), queues },
      ),
      ConflictError,
    );
    assert.equal(await fx.prisma.timelineEntry.count({ where: { incidentId: id, kind: "action" } }), 1);
    assert.equal(await fx.prisma.auditEvent.count({ where: { action: "job.retry" } }), 1);
  });

  test("two different clicks at once: one acts, the other is told it is already done", async () => {
    const { id } = await incident();
    const jobId = await deadLetter();
    const results = await Promise.allSettled(
      [1, 2].map(() =>
        actOnDeadLetter(
          id,
          { action: "retry", queue: "payments", jobId, reason: "duplo", idempotencyKey: key() },
          fx.users.lucas,
          { ...fx.deps(), queues },
        ),
      ),
    );
    assert.deepEqual(results.map((r) => r.status).sort(), ["fulfilled", "rejected"]);
    assert.equal(await fx.prisma.timelineEntry.count({ where: { incidentId: id, kind: "action" } }), 1);
  });

  test("discard removes the DLQ copy and the failed original", async () => {
    const { id } = await incident();
    const jobId = await deadLetter();
    await actOnDeadLetter(
      id,
      { action: "discard", queue: "payments", jobId, reason: "cobrança duplicada", idempotencyKey: key() },
      fx.users.marcos,
      { ...fx.deps(), queues },
    );
    assert.equal(await dlq.getJob(deadLetterJobId("payments", jobId)), undefined);
    assert.equal(await payments.getJob(jobId), undefined);
    assert.equal(await fx.prisma.auditEvent.count({ where: { action: "job.discard" } }), 1);
  });

  test("a reason is required; an unknown queue is 404", async () => {
    assert.equal(
      jobActionBodySchema.safeParse({
        action: "retry",
        queue: "payments",
        jobId: "1",
        reason: " ",
        idempotencyKey: key(),
      }).success,
      false,
    );
    const { id } = await incident();
    await assert.rejects(
      actOnDeadLetter(
        id,
        { action: "retry", queue: "nope", jobId: "1", reason: "x y z", idempotencyKey: key() },
        fx.users.lucas,
        { ...fx.deps(), queues },
      ),
      NotFoundError,
    );
  });
});
