import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { Queue } from "bullmq";
import express from "express";
import { Redis } from "ioredis";
import { config } from "@/lib/config";
import { BULL_BOARD_PATH, bullBoard } from "@/lib/server/bull-board";
import { deletePrefix, uniquePrefix } from "../helpers/redis.ts";

// Bull Board warns "no workers" on a queue whose `hasWorkers` is false. A DLQ is never consumed,
// so the warning must stay on the source queue only.

const prefix = uniquePrefix("board-dlq-workers");
let connection: Redis;
let queues: Map<string, Queue>;
let server: ReturnType<ReturnType<typeof express>["listen"]>;
let base: string;

before(async () => {
  connection = new Redis(config().REDIS_URL, { maxRetriesPerRequest: null });
  queues = new Map(["payments", "payments-dlq"].map((name) => [name, new Queue(name, { connection, prefix })]));
  const app = express();
  app.use((req, _res, next) => {
    req.user = { id: "u-viewer", email: "viewer@example.com", name: "Viewer", role: "viewer" };
    next();
  });
  app.use(BULL_BOARD_PATH, bullBoard([{ name: "payments", dlq: "payments-dlq", displayName: "Pagamentos" }], queues));
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${BULL_BOARD_PATH}`;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
  for (const queue of queues.values()) await queue.close();
  await connection.quit();
  await deletePrefix(prefix);
});

test("with no workers anywhere, the source queue is flagged and its DLQ is not", async () => {
  const response = await fetch(`${base}/api/queues`);
  assert.equal(response.status, 200);
  const body = (await response.json()) as { queues: { name: string; hasWorkers: boolean | null }[] };
  const byName = Object.fromEntries(body.queues.map((q) => [q.name, q.hasWorkers]));
  assert.equal(byName.payments, false, "nobody consumes payments: the board warns");
  assert.equal(byName["payments-dlq"], null, "a DLQ is not consumed by design: no warning");
});
