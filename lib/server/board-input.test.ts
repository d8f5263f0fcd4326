import assert from "node:assert/strict";
import { test } from "node:test";
import express from "express";
import { addJobBodySchema, boardBodyProblem, validateBoardWrites } from "@/lib/server/board-input";
import { serve } from "@/tests/helpers/express";

test("a job added by hand with the usual options is accepted", () => {
  for (const body of [
    {},
    { name: "reprocessar", data: { orderId: 7 } },
    {
      name: "x",
      options: {
        attempts: 3,
        delay: 1000,
        priority: 5,
        jobId: "manual-1",
        lifo: true,
        backoff: { type: "exponential", delay: 500 },
        removeOnComplete: { age: 3600 },
      },
    },
  ]) {
    assert.equal(addJobBodySchema.safeParse(body).success, true, JSON.stringify(body));
  }
});

test("options BullMQ would throw on, or that no operator needs from a dashboard, are a 400", () => {
  for (const options of [
    { parent: { id: "", queue: "bull:payments" } },
    { repeat: { every: 1000 } },
    { priority: 1.5 },
    { priority: 2 ** 21 + 1 },
    { jobId: "123" },
    { jobId: "a:b" },
    { delay: -5 },
    { attempts: "3" },
    { backoff: { type: "custom" } },
    { deduplication: { id: "x" } },
  ]) {
    assert.equal(addJobBodySchema.safeParse({ options }).success, false, JSON.stringify(options));
  }
});

test("a NUL anywhere, or nesting past the limit, is found however deep the body goes", () => {
  assert.equal(boardBodyProblem({ force: "a\u0000b" }), "nul");
  assert.equal(boardBodyProblem({ "k\u0000": 1 }), "nul");
  assert.equal(boardBodyProblem([[[{ x: ["\u0000"] }]]]), "nul");
  assert.equal(boardBodyProblem(JSON.parse(`{"data":${"[".repeat(20_000)}"ok"${"]".repeat(20_000)}}`)), "depth");
  assert.equal(boardBodyProblem({ data: { a: [1, { b: "ok" }] }, force: true, name: "<script>", n: 1, z: null }), null);
});

test("the add-job check matches the path the way Express's router does: without regard to case", async () => {
  const app = express();
  app.use((req, res, next) => validateBoardWrites(req, res, next));
  app.use((_req, res) => void res.status(200).json({ reached: "bull-board" }));
  const { base, close } = await serve(app);
  try {
    for (const path of ["/api/queues/payments/add", "/api/queues/payments/ADD", "/api/queues/payments/Add/"]) {
      const response = await fetch(`${base}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ options: { repeat: { every: 1000 } } }),
      });
      assert.equal(response.status, 400, path);
    }
  } finally {
    await close();
  }
});
