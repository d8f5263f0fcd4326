import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { config } from "@/lib/config";
import { attachDeadLetter, deadLetterJobId, type DeadLetterPayload } from "@/lib/queues/dead-letter";
import { deletePrefix, uniquePrefix } from "@/tests/helpers/redis";
import { loadDeadLetters, loadFailedJobs, MAX_TEXT, pageBounds, splitRange } from "./jobs";
import type { JobsData, PanelSnapshot } from "./types";

// Against the real Redis, under a prefix of its own: a failed set of 5 000 jobs is paged without
// being read whole, and a DLQ is listed with the payload lib/queues/dead-letter.ts writes.

const prefix = uniquePrefix("panels-jobs");
const FAILED = 5000;
let connection: Redis;
const closables: Array<{ close(): Promise<unknown> }> = [];
const duplicates: Redis[] = [];

/** Workers need a connection of their own; BullMQ does not close connections it was handed. */
function duplicate(): Redis {
  const c = connection.duplicate();
  duplicates.push(c);
  return c;
}

function queue(name: string): Queue {
  const q = new Queue(name, { connection, prefix });
  closables.push(q);
  return q;
}

/** Records every range the loader asks BullMQ for. */
function spied(q: Queue): { queue: Queue; ranges: Array<{ method: string; start: number; end: number }> } {
  const ranges: Array<{ method: string; start: number; end: number }> = [];
  const proxy = new Proxy(q, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if ((key === "getFailed" || key === "getJobs" || key === "getWaiting") && typeof value === "function") {
        return (...args: unknown[]) => {
          const [start, end] = key === "getJobs" ? [args[1], args[2]] : [args[0], args[1]];
          ranges.push({ method: String(key), start: Number(start), end: Number(end) });
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { queue: proxy, ranges };
}

function ok(snapshot: PanelSnapshot<JobsData>): JobsData {
  assert.equal(snapshot.status, "ok", snapshot.status === "error" ? snapshot.error.message : snapshot.status);
  return (snapshot as { data: JobsData }).data;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

before(async () => {
  connection = new Redis(config().REDIS_URL, { maxRetriesPerRequest: null });
});

after(async () => {
  await Promise.allSettled(closables.map((c) => c.close()));
  await deletePrefix(prefix);
  await Promise.allSettled([connection, ...duplicates].map((c) => c.quit()));
});

describe("paging helpers", () => {
  test("splitRange maps one range over states listed one after the other", () => {
    const counts = [
      { state: "waiting" as const, count: 25 },
      { state: "prioritized" as const, count: 0 },
      { state: "delayed" as const, count: 3 },
      { state: "failed" as const, count: 4 },
    ];
    assert.deepEqual(splitRange(counts, 0, 9), [{ state: "waiting", start: 0, end: 9 }]);
    assert.deepEqual(splitRange(counts, 20, 29), [
      { state: "waiting", start: 20, end: 24 },
      { state: "delayed", start: 0, end: 2 },
      { state: "failed", start: 0, end: 1 },
    ]);
    assert.deepEqual(splitRange(counts, 30, 39), [{ state: "failed", start: 2, end: 3 }]);
    assert.deepEqual(splitRange(counts, 40, 49), []);
  });

  test("pageBounds clamps to the last page", () => {
    assert.deepEqual(pageBounds(5000, 0, 10), { page: 0, start: 0, end: 9 });
    assert.deepEqual(pageBounds(5000, 499, 10), { page: 499, start: 4990, end: 4999 });
    assert.deepEqual(pageBounds(5000, 10_000, 10), { page: 499, start: 4990, end: 4999 });
    assert.deepEqual(pageBounds(0, 3, 10), { page: 0, start: 0, end: 9 });
    assert.deepEqual(pageBounds(11, -2, 10), { page: 0, start: 0, end: 9 });
  });
});

describe("failed jobs of a large queue", () => {
  let orders: Queue;

  before(async () => {
    orders = queue("orders");
    const worker = new Worker(
      "orders",
      async (job) => {
        throw new Error(`pedido ${(job.data as { n: number }).n} recusado`);
      },
      { connection: duplicate(), prefix, concurrency: 200 },
    );
    closables.push(worker);
    for (let chunk = 0; chunk < FAILED; chunk += 1000) {
      await orders.addBulk(
        Array.from({ length: 1000 }, (_, i) => ({
          name: "create-order",
          data: { n: chunk + i, customer: `cus_${i % 37}` },
          opts: { attempts: 1, removeOnFail: false },
        })),
      );
    }
    await waitFor(async () => (await orders.getJobCounts("failed")).failed === FAILED, 60_000, `${FAILED} failed jobs`);
    await worker.close();
  });

  test("reads the counter and one page, never the whole set", async () => {
    const { queue: spy, ranges } = spied(orders);
    const started = performance.now();
    const data = ok(await loadFailedJobs(spy, { name: "orders", displayName: "Pedidos" }, { page: 0, pageSize: 10 }));
    const elapsed = performance.now() - started;
    assert.equal(data.total, FAILED);
    assert.equal(data.jobs.length, 10);
    assert.equal(data.kind, "failed");
    assert.equal(data.listedQueue, "orders");
    assert.deepEqual(ranges, [{ method: "getFailed", start: 0, end: 9 }]);
    assert.ok(elapsed < 500, `first page took ${Math.round(elapsed)} ms`);

    const [job] = data.jobs;
    assert.ok(job);
    assert.match(job.failedReason ?? "", /^pedido \d+ recusado$/);
    assert.equal(job.name, "create-order");
    assert.equal(job.attemptsMade, 1);
    assert.equal(job.attemptsAllowed, 1);
    assert.equal(job.state, "failed");
    assert.match(job.stack ?? "", /Error: pedido \d+ recusado/);
    assert.ok(job.failedAt && !Number.isNaN(Date.parse(job.failedAt)));
    assert.match(job.dataJson, /"customer": "cus_\d+"/);
  });

  test("pages are disjoint, newest first, and the last page is reachable", async () => {
    const seen = new Set<string>();
    let previousNewest = Number.POSITIVE_INFINITY;
    for (let page = 0; page < 5; page++) {
      const data = ok(await loadFailedJobs(orders, { name: "orders", displayName: "Pedidos" }, { page, pageSize: 10 }));
      assert.equal(data.page, page);
      for (const job of data.jobs) {
        assert.ok(!seen.has(job.id), `job ${job.id} on two pages`);
        seen.add(job.id);
        const at = Date.parse(job.failedAt!);
        assert.ok(at <= previousNewest + 1, "newest first");
        previousNewest = at;
      }
    }
    assert.equal(seen.size, 50);

    const { queue: spy, ranges } = spied(orders);
    const last = ok(await loadFailedJobs(spy, { name: "orders", displayName: "Pedidos" }, { page: 499, pageSize: 10 }));
    assert.equal(last.page, 499);
    assert.equal(last.jobs.length, 10);
    const beyond = ok(
      await loadFailedJobs(spy, { name: "orders", displayName: "Pedidos" }, { page: 9999, pageSize: 10 }),
    );
    assert.equal(beyond.page, 499, "past the end shows the last page");
    assert.deepEqual(
      ranges.map((r) => [r.start, r.end]),
      [
        [4990, 4999],
        [4990, 4999],
      ],
    );
  });

  test("an empty failed set is an empty page", async () => {
    const empty = queue("empty-queue");
    const data = ok(await loadFailedJobs(empty, { name: "empty-queue", displayName: "Vazia" }));
    assert.equal(data.total, 0);
    assert.deepEqual(data.jobs, []);
  });
});

describe("DLQ listing", () => {
  let payments: Queue;
  let dlq: Queue;
  let realJobId: string;

  before(async () => {
    payments = queue("payments");
    dlq = queue("payments-dlq");
    const worker = new Worker(
      "payments",
      async (): Promise<unknown> => {
        throw new UnrecoverableError("Cartão recusado pelo emissor (código 05: não autorizado)");
      },
      { connection: duplicate(), prefix },
    );
    attachDeadLetter(worker, dlq);
    const real = await payments.add(
      "capture-payment",
      { paymentId: "pay_real", amount: 120.5, big: "x".repeat(MAX_TEXT + 100) },
      { attempts: 3 },
    );
    realJobId = String(real.id);
    await waitFor(
      async () => Boolean(await dlq.getJob(deadLetterJobId("payments", realJobId))),
      10_000,
      "the DLQ entry",
    );
    await worker.close();

    // 24 more entries in the shape the worker writes, 3 of them delayed, so one page spans two states.
    const payload = (n: number): DeadLetterPayload => ({
      queue: "payments",
      jobId: `synthetic-${n}`,
      name: "capture-payment",
      data: { paymentId: `pay_${n}` },
      failedReason: `Gateway de pagamento não respondeu (${n})`,
      stacktrace: [`Error: tentativa 1 (${n})`, `Error: tentativa 2 (${n})`],
      attemptsMade: 2,
      failedAt: new Date(Date.UTC(2026, 10, 20, 12, 0, n)).toISOString(),
    });
    for (let n = 0; n < 21; n++)
      await dlq.add("capture-payment", payload(n), { jobId: deadLetterJobId("payments", `synthetic-${n}`) });
    for (let n = 21; n < 24; n++)
      await dlq.add("capture-payment", payload(n), {
        jobId: deadLetterJobId("payments", `synthetic-${n}`),
        delay: 3_600_000,
      });
  });

  test("lists the DLQ entries with the original job's data, error, stack and attempts", async () => {
    const data = ok(await loadDeadLetters(dlq, { name: "payments", displayName: "Pagamentos" }, { pageSize: 10 }));
    assert.equal(data.kind, "dlq");
    assert.equal(data.queue, "payments");
    assert.equal(data.listedQueue, "payments-dlq");
    assert.equal(data.total, 25);

    // Nothing consumes a DLQ: entries wait there, the newest first.
    const all = [...data.jobs];
    for (let page = 1; page < 3; page++)
      all.push(
        ...ok(await loadDeadLetters(dlq, { name: "payments", displayName: "Pagamentos" }, { page, pageSize: 10 })).jobs,
      );
    const real = all.find((job) => job.original?.jobId === realJobId);
    assert.ok(real, "the real DLQ entry is listed");
    assert.equal(real.id, deadLetterJobId("payments", realJobId));
    assert.equal(real.queue, "payments-dlq");
    assert.equal(real.state, "waiting");
    assert.deepEqual(real.original, { queue: "payments", jobId: realJobId });
    assert.equal(real.failedReason, "Cartão recusado pelo emissor (código 05: não autorizado)");
    assert.equal(real.attemptsMade, 1);
    assert.match(real.stack ?? "", /UnrecoverableError|Cartão recusado/);
    assert.match(real.dataJson, /"paymentId": "pay_real"/);
    assert.ok(!real.dataJson.includes('"failedReason"'), "data is the original job's data, not the whole payload");
    assert.equal(real.dataTruncated, true, "a huge job is cut");
    assert.ok(real.dataJson.length <= MAX_TEXT + 2);

    const synthetic = all.find((job) => job.original?.jobId === "synthetic-3");
    assert.equal(synthetic?.stack, "Error: tentativa 2 (3)", "the last attempt's stack");
    assert.equal(synthetic?.stackCount, 2);
    assert.equal(synthetic?.failedAt, "2026-11-20T12:00:03.000Z");
    assert.equal(new Set(all.map((job) => job.id)).size, 25, "every entry exactly once over the pages");
  });

  test("a page spanning two states asks each for its own slice", async () => {
    const { queue: spy, ranges } = spied(dlq);
    const data = ok(
      await loadDeadLetters(spy, { name: "payments", displayName: "Pagamentos" }, { page: 2, pageSize: 10 }),
    );
    assert.equal(data.jobs.length, 5);
    assert.deepEqual(
      data.jobs.map((job) => job.state),
      ["waiting", "waiting", "delayed", "delayed", "delayed"],
    );
    assert.deepEqual(
      ranges.map((r) => [r.start, r.end]),
      [
        [20, 21],
        [0, 2],
      ],
    );
  });

  test("an entry that is not a dead-letter payload still shows what it has", async () => {
    const odd = queue("odd-dlq");
    await odd.add("manual", { note: "posto à mão" });
    const data = ok(await loadDeadLetters(odd, { name: "odd", displayName: "Odd" }));
    assert.equal(data.jobs[0]?.name, "manual");
    assert.match(data.jobs[0]?.dataJson ?? "", /posto à mão/);
    assert.equal(data.jobs[0]?.original, undefined);
  });
});
