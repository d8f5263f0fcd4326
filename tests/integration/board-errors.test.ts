import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { Queue } from "bullmq";
import express from "express";
import { Redis } from "ioredis";
import { config } from "@/lib/config";
import { BULL_BOARD_PATH, bullBoard } from "@/lib/server/bull-board";
import { boardErrorResponse } from "@/lib/server/board-errors";
import { deletePrefix, uniquePrefix } from "../helpers/redis.ts";

// Bull Board over a real Redis, driven through its HTTP API, with the queue changed under the
// request the way a second operator (or a worker) changes it.

const prefix = uniquePrefix("board-errors");
let connection: Redis;
let queue: Queue;
let server: ReturnType<ReturnType<typeof express>["listen"]>;
let base: string;

before(async () => {
  connection = new Redis(config().REDIS_URL, { maxRetriesPerRequest: null });
  queue = new Queue("reports", { connection, prefix });
  const app = express();
  app.use((req, _res, next) => {
    req.user = { id: "u-admin", email: "admin@example.com", name: "Admin", role: "admin" };
    next();
  });
  app.use(
    BULL_BOARD_PATH,
    bullBoard([{ name: "reports", dlq: null, displayName: "Relatórios" }], new Map([["reports", queue]])),
  );
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${BULL_BOARD_PATH}`;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await queue.close();
  await connection.quit();
  await deletePrefix(prefix);
});

test("a queue resumed while Bull Board obliterates it is a 409 that says so, and nothing is lost", async () => {
  await queue.add("monthly", { month: "2026-11" });
  await queue.pause();
  // BullMQ pauses the queue again right before its obliterate script; resuming it at that moment
  // is what another operator clicking "resume" does. Same connection, so the order is certain.
  queue.once("paused", () => void queue.resume());
  const response = await fetch(`${base}/api/queues/reports/obliterate`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  const body = (await response.json()) as { error: { key: string }; message: string };
  assert.equal(response.status, 409, JSON.stringify(body));
  assert.equal(body.error.key, "ERRORS.QUEUE_NOT_PAUSED");
  assert.match(body.message, /retomada/);
  assert.equal(await queue.count(), 1, "the queue's job is still there");
});

test("BullMQ refusing a job that changed state is a 409; one whose job is gone, a 404", async () => {
  // Bull Board checks a job's state before acting, then BullMQ acts: a worker moving or removing
  // the job in between makes BullMQ throw these, from real scripts on a real Redis.
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => assert.fail("BullMQ accepted it"),
      (error: Error) => error,
    );
  const waiting = await queue.add("weekly", { week: 48 });
  const conflict = boardErrorResponse(await refusal(waiting.retry("failed")));
  assert.equal(conflict.status, 409);
  assert.match(conflict.body.message ?? "", /Recarregue.*not in the failed state/);

  await waiting.remove();
  const gone = boardErrorResponse(await refusal(waiting.retry("failed")));
  assert.equal(gone.status, 404);
  assert.deepEqual(gone.body.error, { key: "ERRORS.JOB_NOT_FOUND" });
});

test("anything else is still a 500 carrying the thrown message", () => {
  const answer = boardErrorResponse(new Error("boom"));
  assert.equal(answer.status, 500);
  assert.equal(answer.body.message, "boom");
  assert.equal(
    boardErrorResponse(Object.assign(new Error("too large"), { statusCode: 413 })).status,
    500,
    "only statuses Bull Board can answer pass through",
  );
  assert.equal(boardErrorResponse(Object.assign(new Error("bad json"), { statusCode: 400 })).status, 400);
});
