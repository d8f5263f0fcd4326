// The queue guard-rails through Bull Board's HTTP API, as an admin, over a real Redis and a real
// PostgreSQL (own database, for the audit log): runbook 03's forbidden actions on payments answer
// 403 with the rule and leave every Redis key byte for byte as it was; a single retry on payments
// and the same actions on notifications still work.

import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { Queue, Worker } from "bullmq";
import express from "express";
import { Redis } from "ioredis";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { config, parseConfig } from "@/lib/config";
import { createPrismaClient } from "@/lib/db/client";
import { processSingleton } from "@/lib/runtime";
import { BULL_BOARD_PATH, bullBoard } from "@/lib/server/bull-board";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/database";
import { deletePrefix, uniquePrefix } from "../helpers/redis.ts";

const prefix = uniquePrefix("guard-rails");
const NAMES = ["payments", "payments-dlq", "notifications"] as const;
let connection: Redis;
let queues: Map<string, Queue>;
let server: ReturnType<ReturnType<typeof express>["listen"]>;
let base: string;
let database: TestDatabase;
let prisma: PrismaClient;
let adminId: string;

/** Fails `count` jobs in a queue through a real worker, the way a failing payment gets there. */
async function failJobs(name: string, count: number): Promise<string[]> {
  const queue = queues.get(name)!;
  const jobs = await queue.addBulk(
    Array.from({ length: count }, (_, i) => ({
      name: "capture-payment",
      data: { paymentId: `p-${i}`, amount: 100 + i },
      opts: { attempts: 1 },
    })),
  );
  const worker = new Worker(
    name,
    async () => {
      throw new Error("Gateway de pagamento não respondeu");
    },
    { connection, prefix },
  );
  const failed = async () => (await Promise.all(jobs.map((j) => j.getState()))).every((s) => s === "failed");
  while (!(await failed())) await new Promise((r) => setTimeout(r, 50));
  await worker.close();
  return jobs.map((j) => j.id!);
}

/** Every key under the test prefix with its serialised value: equal snapshots mean nothing changed. */
async function snapshot(): Promise<Map<string, string>> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, found] = await connection.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
    cursor = next;
    keys.push(...found);
  } while (cursor !== "0");
  const values = new Map<string, string>();
  for (const key of keys.sort())
    values.set(key, ((await connection.dumpBuffer(key)) ?? Buffer.alloc(0)).toString("hex"));
  return values;
}

async function board(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: { error?: unknown } }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as { error?: unknown }) : {} };
}

const refusedAudits = () =>
  prisma.auditEvent.findMany({ where: { action: "bullboard.refused" }, orderBy: { id: "asc" } });

before(async () => {
  database = await createTestDatabase();
  prisma = createPrismaClient(database.url);
  // The audit writer uses the process-wide client (lib/db/client.ts): this test's database.
  processSingleton("prisma", () => prisma);
  adminId = (await prisma.user.create({ data: { email: "admin@example.com", name: "Admin", role: "admin" } })).id;
  connection = new Redis(config().REDIS_URL, { maxRetriesPerRequest: null });
  queues = new Map(NAMES.map((name) => [name, new Queue(name, { connection, prefix })]));
  const app = express();
  app.use((req, _res, next) => {
    req.user = { id: adminId, email: "admin@example.com", name: "Admin", role: "admin" };
    next();
  });
  const monitored = [
    { name: "payments", dlq: "payments-dlq", displayName: "Pagamentos" },
    { name: "notifications", dlq: null, displayName: "Notificações" },
  ];
  // The default policy, whatever this process's environment says.
  app.use(BULL_BOARD_PATH, bullBoard(monitored, queues, parseConfig({}).guardRails));
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${BULL_BOARD_PATH}`;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
  for (const queue of queues.values()) await queue.close();
  await connection.quit();
  await deletePrefix(prefix);
  await prisma.$disconnect();
  await database.drop();
});

describe("payments", () => {
  test("Empty, Obliterate, Clean, Retry all, Add job, Update data, Duplicate: 403 naming runbook 03, Redis unchanged, audited as refused", async () => {
    const [first] = await failJobs("payments", 3);
    await queues.get("payments")!.add("capture-payment", { paymentId: "p-waiting", amount: 5 });
    const job = (await queues.get("payments")!.getJob(first!))!;
    const attempts: Array<[string, string, unknown, string]> = [
      ["PUT", "/api/queues/payments/empty", undefined, "Empty"],
      ["PUT", "/api/queues/payments/obliterate", {}, "Obliterate"],
      ["PUT", "/api/queues/payments/clean/failed", undefined, "Clean"],
      ["PUT", "/api/queues/payments/retry/failed", undefined, "Retry all"],
      [
        "POST",
        "/api/queues/payments/add",
        { name: "capture-payment", data: { paymentId: "p-new", amount: 1 } },
        "Add job",
      ],
      [
        "PATCH",
        `/api/queues/payments/${first}/update-data`,
        { jobData: { paymentId: "p-0", amount: 0 } },
        "Update data",
      ],
      // Duplicate: Bull Board's add-job request with the job's own name, data and options.
      ["POST", "/api/queues/payments/add", { name: job.name, data: job.data, options: { attempts: 1 } }, "Add job"],
      // The same routes as Express matches them for Bull Board: case, trailing slash, encoding.
      ["PUT", "/api/queues/payments/EMPTY/", undefined, "Empty"],
      ["PUT", "/api/queues/%70ayments/Obliterate", {}, "Obliterate"],
      ["PUT", "/api/queues/payments/retry/retry", undefined, "Retry all"],
    ];
    const before = await snapshot();
    const counts = await queues.get("payments")!.getJobCounts();
    for (const [method, path, body, label] of attempts) {
      const answer = await board(method, path, body);
      assert.equal(answer.status, 403, `${method} ${path}: ${JSON.stringify(answer.json)}`);
      assert.equal(answer.json.error, `Bloqueado na fila payments: o runbook 03 proíbe ${label} nesta fila.`);
    }
    assert.deepEqual(await snapshot(), before, "every payments key is as it was");
    assert.deepEqual(await queues.get("payments")!.getJobCounts(), counts);
    assert.equal((await queues.get("payments")!.getJob(first!))!.data.amount, 100);

    let audits = await refusedAudits();
    for (let i = 0; audits.length < attempts.length && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      audits = await refusedAudits();
    }
    assert.equal(audits.length, attempts.length);
    // Written in the background, so not necessarily in request order.
    assert.deepEqual(audits.map((a) => (a.data as { action: string }).action).sort(), [
      "add",
      "add",
      "clean",
      "empty",
      "empty",
      "obliterate",
      "obliterate",
      "retry-all",
      "retry-all",
      "update-data",
    ]);
    assert.deepEqual(
      audits.filter((a) => a.targetType === "job").map((a) => a.targetId),
      [`payments/${first}`],
    );
    assert.ok(audits.every((a) => a.actorLabel === "admin@example.com" && a.actorId === adminId));
    assert.equal(
      await prisma.auditEvent.count({ where: { action: { not: "bullboard.refused" } } }),
      0,
      "nothing recorded as done",
    );
  });

  test("discarding a payments job (or its DLQ copy) is refused: it needs an incident and an approval", async () => {
    const [id] = await failJobs("payments", 1);
    const copy = await queues
      .get("payments-dlq")!
      .add("capture-payment", { paymentId: "p-dlq" }, { jobId: `payments-${id}` });
    const before = await snapshot();
    for (const path of [
      `/api/queues/payments/${id}/clean`,
      `/api/queues/payments-dlq/${copy.id}/clean`,
      "/api/queues/payments-dlq/empty",
    ]) {
      const answer = await board("PUT", path);
      assert.equal(answer.status, 403, path);
      assert.match(String(answer.json.error), /^Bloqueado na fila payments(-dlq)?: /);
    }
    assert.match(
      String((await board("PUT", `/api/queues/payments/${id}/clean`)).json.error),
      /exige aprovação de uma segunda pessoa\. Faça pelo incidente, com aprovação\./,
    );
    assert.deepEqual(await snapshot(), before);
  });

  test("a single job's retry is still allowed, and audited as done", async () => {
    const [id] = await failJobs("payments", 1);
    const answer = await board("PUT", `/api/queues/payments/${id}/retry`);
    assert.ok(answer.status < 300, JSON.stringify(answer));
    assert.equal(await (await queues.get("payments")!.getJob(id!))!.getState(), "waiting");
    let audit = null;
    for (let i = 0; !audit && i < 50; i++) {
      audit = await prisma.auditEvent.findFirst({ where: { action: "bullboard.retry", targetId: `payments/${id}` } });
      if (!audit) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(audit, "the retry is in the audit log");
  });
});

describe("notifications (no guard-rails)", () => {
  test("the same actions still work", async () => {
    const queue = queues.get("notifications")!;
    const [first] = await failJobs("notifications", 2);
    assert.equal(
      (await board("PATCH", `/api/queues/notifications/${first}/update-data`, { jobData: { to: "x@example.com" } }))
        .status,
      200,
    );
    assert.deepEqual((await queue.getJob(first!))!.data, { to: "x@example.com" });
    assert.equal(
      (await board("POST", "/api/queues/notifications/add", { name: "send-email", data: { to: "y@example.com" } }))
        .status,
      200,
    );
    assert.equal((await board("PUT", "/api/queues/notifications/retry/failed")).status, 200);
    assert.equal(await queue.getFailedCount(), 0);
    await failJobs("notifications", 1);
    // Bull Board's Clean keeps jobs younger than its 5 s grace time.
    await new Promise((r) => setTimeout(r, 5100));
    assert.ok((await board("PUT", "/api/queues/notifications/clean/failed")).status < 300);
    assert.equal(await queue.getFailedCount(), 0);
    assert.ok((await board("PUT", "/api/queues/notifications/empty")).status < 300);
    assert.equal(await queue.getWaitingCount(), 0);
    await queue.add("send-email", { to: "z@example.com" });
    // Bull Board obliterates only a paused queue.
    assert.ok((await board("PUT", "/api/queues/notifications/pause")).status < 300);
    const obliterated = await board("PUT", "/api/queues/notifications/obliterate", {});
    assert.ok(obliterated.status < 300, JSON.stringify(obliterated));
    assert.equal(await queue.count(), 0);
  });
});
