// The job search index against real Redis and PostgreSQL: the indexer follows BullMQ's event
// streams, catches up after a restart, shares the work safely between replicas, and the search
// finds jobs by id, name, a data value and an error phrase, with the incidents that acted on them.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Queue, UnrecoverableError, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { config, type MonitoredQueue } from "@/lib/config";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { HttpError } from "@/lib/http/errors";
import { JobIndexer } from "@/lib/jobs-search/indexer";
import { parseSearchQuery, searchJobs } from "@/lib/jobs-search/search";
import { databaseNow, upsertRows } from "@/lib/jobs-search/store";
import { searchQuerySchema } from "@/lib/jobs-search/validation";
import { attachDeadLetter, deadLetterJobId } from "@/lib/queues/dead-letter";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { deletePrefix, uniquePrefix } from "../helpers/redis.ts";

const prefix = uniquePrefix("jobsearch");
const QUEUES: MonitoredQueue[] = [
  { name: "orders", dlq: "orders-dlq", displayName: "Pedidos" },
  { name: "mail", dlq: null, displayName: "E-mail" },
];
let database: TestDatabase;
let prisma: PrismaClient;
let connection: Redis;
let orders: Queue;
let mail: Queue;
let dlq: Queue;
let worker: Worker;
const failedAt = new Map<string, number>();
const indexers: JobIndexer[] = [];
const extraConnections: Redis[] = [];

function indexer(options: { leaseMs?: number } = {}): JobIndexer {
  const created = new JobIndexer({
    connection,
    prefix,
    queues: QUEUES,
    db: prisma,
    leaseMs: options.leaseMs ?? 1500,
    blockMs: 200,
    pageSize: 7,
  });
  indexers.push(created);
  created.start();
  return created;
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const row = (queue: string, jobId: string) =>
  prisma.jobIndexEntry.findUnique({ where: { queue_jobId: { queue, jobId } } });
const search = (raw: Record<string, string>) => searchJobs(searchQuerySchema(QUEUES).parse(raw), prisma);

before(async () => {
  database = await createTestDatabase();
  prisma = createPrismaClient(database.url);
  connection = new Redis(config().REDIS_URL, { maxRetriesPerRequest: null });
  orders = new Queue("orders", { connection, prefix });
  mail = new Queue("mail", { connection, prefix });
  dlq = new Queue("orders-dlq", { connection, prefix });
  const workerConnection = connection.duplicate();
  extraConnections.push(workerConnection);
  worker = new Worker(
    "orders",
    async (job: Job<{ scenario?: string }>) => {
      if (job.data.scenario === "declined") throw new UnrecoverableError("Cartão recusado pelo emissor (código 05)");
      if (job.data.scenario === "timeout") throw new Error("Gateway de pagamento não respondeu (ETIMEDOUT)");
      return "ok";
    },
    { connection: workerConnection, prefix, concurrency: 4 },
  );
  worker.on("failed", (job) => {
    if (job) failedAt.set(String(job.id), Date.now());
  });
  attachDeadLetter(worker, dlq);
  await worker.waitUntilReady();
});

after(async () => {
  await Promise.allSettled(indexers.map((i) => i.stop()));
  await worker.close();
  await Promise.all([orders.close(), mail.close(), dlq.close()]);
  await Promise.all([connection, ...extraConnections].map((c) => c.quit()));
  await prisma.$disconnect();
  await database.drop();
  await deletePrefix(prefix);
});

describe("the indexer", () => {
  test("picks up a failed job within a second, and its DLQ copy", async () => {
    const first = indexer();
    await until("the first scan", async () => first.hasScanned());
    const job = await orders.add("capture-payment", { paymentId: "pay_lag_1", scenario: "declined" }, { attempts: 1 });
    const id = String(job.id);
    const indexed = await until("the failed row", async () => {
      const r = await row("orders", id);
      return r?.state === "failed" ? { row: r, at: Date.now() } : null;
    });
    const lag = indexed.at - failedAt.get(id)!;
    assert.ok(lag < 1000, `indexed ${lag} ms after the job failed`);
    assert.equal(indexed.row.failedReason, "Cartão recusado pelo emissor (código 05)");
    assert.equal(indexed.row.attemptsMade, 1);
    assert.match(indexed.row.dataText, /pay_lag_1/);
    const copy = await until("the DLQ copy", () => row("orders-dlq", deadLetterJobId("orders", id)));
    assert.deepEqual(
      [copy.sourceQueue, copy.originalJobId, copy.deadLetter, copy.name],
      ["orders", id, true, "capture-payment"],
    );
  });

  test("catches up after a restart: jobs added, finished and removed while it was stopped", async () => {
    const removed = await mail.add("send-email", { to: "sai@exemplo.com.br" });
    await until("the mail row", () => row("mail", String(removed.id)));
    await Promise.all(indexers.splice(0).map((i) => i.stop()));

    const added = await mail.add("send-email", { to: "novo@exemplo.com.br" }, { delay: 60_000 });
    const failed = await orders.add(
      "capture-payment",
      { paymentId: "pay_offline_1", scenario: "declined" },
      { attempts: 1 },
    );
    await removed.remove();
    await until("the offline failure", async () => (await failed.getState()) === "failed");
    assert.equal(await row("mail", String(added.id)), null, "the stopped indexer wrote nothing");

    const restarted = indexer();
    await until("the catch-up scan", async () => restarted.hasScanned());
    assert.equal((await row("mail", String(added.id)))?.state, "delayed");
    assert.equal((await row("orders", String(failed.id)))?.state, "failed");
    assert.equal(await row("mail", String(removed.id)), null, "a job removed while stopped loses its row");
  });

  test("two replicas: one indexes, the other takes over when it stops; one row per job", async () => {
    await Promise.all(indexers.splice(0).map((i) => i.stop()));
    const [a, b] = [indexer(), indexer()];
    const leader = await until("a leader", async () => (a.isLeading() ? a : b.isLeading() ? b : null));
    const standby = leader === a ? b : a;
    assert.equal(standby.isLeading(), false);
    // Jobs added after its scan can only reach the index through the event streams.
    await until("the leader's scan", async () => leader.hasScanned());

    const jobs = await orders.addBulk(
      Array.from({ length: 12 }, (_, i) => ({
        name: "capture-payment",
        data: { paymentId: `pay_pair_${i}`, scenario: "timeout" },
        opts: { attempts: 1 },
      })),
    );
    await until(
      "every job failed and indexed",
      async () =>
        (await prisma.jobIndexEntry.count({
          where: { queue: "orders", state: "failed", dataText: { contains: "pay_pair_" } },
        })) === 12,
    );

    await leader.stop();
    await until("the standby taking over, scan done", async () => standby.isLeading() && standby.hasScanned(), 5000);
    const late = await orders.add(
      "capture-payment",
      { paymentId: "pay_after_takeover", scenario: "timeout" },
      { attempts: 1 },
    );
    await until(
      "the job failed after the take-over",
      async () => (await row("orders", String(late.id)))?.state === "failed",
    );

    // Both writing the same jobs at once (a take-over overlapping the old leader's last batch).
    const ids = jobs.map((j) => String(j.id));
    await Promise.all([
      leader.syncJobs("orders", ids),
      standby.syncJobs("orders", ids),
      standby.syncJobs("orders", ids),
    ]);
    const rows = await prisma.jobIndexEntry.groupBy({
      by: ["queue", "jobId"],
      where: { queue: "orders", jobId: { in: ids } },
      _count: true,
    });
    assert.equal(rows.length, 12);
    assert.ok(rows.every((r) => r._count === 1));
  });

  test("a job whose name holds NUL is indexed without it, and the jobs after it too", async () => {
    if (!indexers.some((i) => i.isLeading())) indexer();
    const odd = await mail.add("send\u0000email", { to: "nul@exemplo.com.br" });
    const next = await mail.add("send-email", { to: "depois@exemplo.com.br" });
    await until("the job after it", () => row("mail", String(next.id)));
    assert.equal((await row("mail", String(odd.id)))?.name, "sendemail");
  });
});

describe("the store", () => {
  test("a scan page never overwrites a row an event wrote after the page was read", async () => {
    const row0 = {
      queue: "mail",
      jobId: "guard-1",
      sourceQueue: "mail",
      originalJobId: null,
      deadLetter: false,
      name: "send-email",
      attemptsMade: 0,
      attemptsAllowed: 1,
      failedReason: null,
      dataText: "{}",
      searchText: "guard-1",
      createdAt: new Date(),
      finishedAt: null,
    };
    const pageReadAt = await databaseNow(prisma);
    await upsertRows(prisma, [{ ...row0, state: "completed" }]);
    await upsertRows(prisma, [{ ...row0, state: "waiting" }], { unlessWrittenSince: pageReadAt });
    assert.equal((await row("mail", "guard-1"))?.state, "completed");
    await upsertRows(prisma, [{ ...row0, state: "active" }], { unlessWrittenSince: await databaseNow(prisma) });
    assert.equal((await row("mail", "guard-1"))?.state, "active");
    await prisma.jobIndexEntry.delete({ where: { queue_jobId: { queue: "mail", jobId: "guard-1" } } });
  });
});

describe("the search", () => {
  let declined: Job;
  let completed: Job;

  before(async () => {
    if (!indexers.some((i) => i.isLeading())) indexer();
    declined = await orders.add(
      "capture-payment",
      { paymentId: "pay_find_me_42", customerId: "cus_777", scenario: "declined" },
      { attempts: 1 },
    );
    completed = await orders.add("refund-payment", { paymentId: "pay_refund_9" });
    await until(
      "both indexed",
      async () =>
        (await row("orders", String(declined.id)))?.state === "failed" &&
        (await row("orders", String(completed.id)))?.state === "completed",
    );
    await until("the DLQ copy", () => row("orders-dlq", deadLetterJobId("orders", String(declined.id))));
  });

  test("by a value in the job's data: the job and its DLQ copy", async () => {
    const { results } = await search({ q: "pay_find_me_42" });
    assert.deepEqual(results.map((r) => [r.queue, r.state, r.deadLetter, r.matched]).sort(), [
      ["orders", "failed", false, "data"],
      ["orders-dlq", "waiting", true, "data"],
    ]);
    const original = results.find((r) => r.queue === "orders")!;
    assert.equal(original.board, `/admin/queues/queue/orders/${declined.id}`);
    assert.equal(original.failedReason, "Cartão recusado pelo emissor (código 05)");
    assert.equal(original.attemptsAllowed, 1);
    assert.equal((await search({ q: "PAY_FIND_ME_42", field: "data" })).results.length, 2, "case does not matter");
    assert.equal((await search({ q: "pay_find_me_42", field: "name" })).results.length, 0);
  });

  test("by job id, exact matches first, also finding the DLQ copy through its original id", async () => {
    const { results } = await search({ q: String(declined.id), field: "id" });
    assert.deepEqual(results.map((r) => r.queue).sort(), ["orders", "orders-dlq"]);
    assert.ok(results.every((r) => r.matched === "id"));
  });

  test("by name and by a phrase of the failure reason", async () => {
    const byName = await search({ q: "refund-pay", field: "name" });
    assert.deepEqual(
      byName.results.map((r) => [r.jobId, r.state]),
      [[String(completed.id), "completed"]],
    );
    const byError = await search({ q: "recusado pelo emissor", field: "error" });
    assert.ok(byError.results.some((r) => r.jobId === String(declined.id)));
    assert.ok(byError.results.every((r) => r.failedReason?.includes("recusado pelo emissor")));
  });

  test("scoped to some queues, LIKE wildcards taken literally, limited with a flag for more", async () => {
    assert.equal((await search({ q: "pay_find_me_42", queues: "mail" })).results.length, 0);
    assert.equal(
      (await search({ q: "pay_find_me_42", queues: "orders-dlq" })).results.length,
      2,
      "a DLQ name stands for its queue",
    );
    assert.equal((await search({ q: "pay%find" })).results.length, 0);
    const limited = await search({ q: "capture-payment", limit: "2" });
    assert.equal(limited.results.length, 2);
    assert.equal(limited.more, true);
  });

  test("names every incident whose timeline retried or discarded the job", async () => {
    const incident = await prisma.incident.create({ data: { title: "Pagamentos na DLQ", severity: "P2" } });
    await prisma.timelineEntry.create({
      data: {
        incidentId: incident.id,
        kind: "action",
        body: "Re-processado",
        data: {
          action: "retry",
          queue: "orders",
          dlq: "orders-dlq",
          jobId: String(declined.id),
          newJobId: String(declined.id),
        },
      },
    });
    await prisma.timelineEntry.create({
      data: {
        incidentId: incident.id,
        kind: "note",
        body: `job ${declined.id}`,
        data: { queue: "orders", jobId: String(declined.id) },
      },
    });
    const { results } = await search({ q: "pay_find_me_42" });
    for (const r of results) {
      assert.deepEqual(
        r.incidents.map((l) => [l.number, l.action, l.title]),
        [[incident.number, "retry", "Pagamentos na DLQ"]],
        `${r.queue}/${r.jobId}`,
      );
    }
    assert.deepEqual((await search({ q: "refund-pay" })).results[0]!.incidents, []);
  });
});

describe("bad input is a 400 in Portuguese", () => {
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ["missing", {}, /Informe o que buscar/],
    ["empty", { q: "   " }, /Informe o que buscar/],
    ["too long", { q: "a".repeat(201) }, /no máximo 200 caracteres/],
    ["two characters", { q: "ab" }, /ao menos 3 letras ou dígitos seguidos/],
    ["only wildcards", { q: "%%%%" }, /ao menos 3 letras ou dígitos seguidos/],
    ["short pieces", { q: "a b c d" }, /ao menos 3 letras ou dígitos seguidos/],
    ["a control character", { q: "pay\u0000_123" }, /caracteres de controle/],
    ["an unknown field", { q: "pay_1", field: "stack" }, /Campo de busca inválido/],
    ["an unknown queue", { q: "pay_1", queues: "payments,nope" }, /Fila não monitorada: nope/],
    ["a limit out of range", { q: "pay_1", limit: "1000" }, /Limite inválido/],
  ];
  for (const [label, raw, message] of cases) {
    test(label, () => {
      assert.throws(
        () => parseSearchQuery(raw),
        (err: unknown) => err instanceof HttpError && err.status === 400 && message.test(err.message),
      );
    });
  }

  test("a short job id is fine when searching ids only", () => {
    assert.equal(parseSearchQuery({ q: "7", field: "id" }).q, "7");
  });
});
