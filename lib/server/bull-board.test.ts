import assert from "node:assert/strict";
import { test } from "node:test";
import { unmappedBoardWrites } from "@/lib/server/board-guard";
import { describeBoardWrite } from "@/lib/server/bull-board";

test("Bull Board write paths are described for the audit log", () => {
  assert.deepEqual(describeBoardWrite("/api/queues/payments/42/retry"), {
    queue: "payments",
    jobId: "42",
    action: "retry",
  });
  assert.deepEqual(describeBoardWrite("/api/queues/payments/retry/failed"), {
    queue: "payments",
    action: "retry",
    status: "failed",
  });
  assert.deepEqual(describeBoardWrite("/api/queues/payments/clean/completed"), {
    queue: "payments",
    action: "clean",
    status: "completed",
  });
  assert.deepEqual(describeBoardWrite("/api/queues/payments-dlq/payments-7/clean"), {
    queue: "payments-dlq",
    jobId: "payments-7",
    action: "clean",
  });
  assert.deepEqual(describeBoardWrite("/api/queues/reports/pause"), {
    queue: "reports",
    action: "pause",
    status: undefined,
  });
  assert.deepEqual(describeBoardWrite("/api/queues/pause"), { queue: "*", action: "pause" });
  assert.deepEqual(describeBoardWrite("/api/metrics/history/purge"), {
    queue: "*",
    action: "/api/metrics/history/purge",
  });
});

test("every Bull Board write route has a guard-rail action (a Bull Board upgrade adding one fails here)", () => {
  assert.deepEqual(unmappedBoardWrites(), []);
});
