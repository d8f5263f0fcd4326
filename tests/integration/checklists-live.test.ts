// A tick saved through one portal process reaches a viewer connected to another: recordTick
// publishes on its hub's connection, the viewer's SSE stream is served by a second hub with its
// own Redis connections (real PostgreSQL and Redis, own database and prefix).

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Redis } from "ioredis";
import { config } from "@/lib/config";
import { runChannel, SNAPSHOT_EVENT, TICK_EVENT } from "@/lib/checklists/events";
import { getRun, openCurrentRun } from "@/lib/checklists/runs";
import type { RunState, TickResult } from "@/lib/checklists/types";
import { LiveHub } from "@/lib/live/hub";
import { sseResponse } from "@/lib/live/sse";
import { uniquePrefix } from "@/tests/helpers/redis";
import { createFixture, DAILY, type Fixture, key, tickAs } from "./checklists-fixture";
import { sseEvents } from "@/tests/helpers/sse";

let fx: Fixture;
let writerConnection: Redis;
let writer: LiveHub;
let viewer: LiveHub;

before(async () => {
  fx = await createFixture();
  const prefix = uniquePrefix("checklists-live");
  writerConnection = new Redis(config().REDIS_URL, { maxRetriesPerRequest: 1 });
  writer = new LiveHub({ prefix, publisher: writerConnection });
  viewer = new LiveHub({ prefix });
});
after(async () => {
  await viewer?.close();
  await writer?.close();
  writerConnection?.disconnect();
  await fx?.close();
});

test("a saved tick reaches another process's viewer within a second; unchanged ticks are not sent", async () => {
  const run = await openCurrentRun(DAILY.slug, fx.deps());
  const controller = new AbortController();
  const response = sseResponse({
    channels: [runChannel(run.id)],
    hub: viewer,
    signal: controller.signal,
    initial: async () => [{ type: SNAPSHOT_EVENT, data: await getRun(run.id, fx.deps()) }],
  });
  const stream = sseEvents(response.body!);

  const snapshot = await stream.next();
  assert.equal(snapshot.value?.type, SNAPSHOT_EVENT);
  assert.equal((snapshot.value?.data as RunState).id, run.id);

  const started = Date.now();
  const saved = await tickAs(
    run.id,
    { itemId: "dlq", note: "vazia", evidence: { dlq: 0 }, idempotencyKey: key() },
    fx.users.lucas,
    fx.deps({ live: writer }),
  );
  const received = await stream.next();
  const elapsed = Date.now() - started;
  assert.equal(received.value?.type, TICK_EVENT);
  const result = received.value?.data as TickResult;
  assert.equal(result.outcome, "created");
  assert.deepEqual(result.tick, saved.tick);
  assert.equal(result.item.ticked, true);
  assert.equal(result.progress.requiredTicked, 1);
  assert.ok(elapsed < 1000, `tick seen by the other viewer after ${elapsed} ms`);

  // A no-op (already ticked) and a replay publish nothing; the next real change does.
  await tickAs(run.id, { itemId: "dlq", idempotencyKey: key() }, fx.users.marcos, fx.deps({ live: writer }));
  await tickAs(run.id, { itemId: "filas", idempotencyKey: key() }, fx.users.marcos, fx.deps({ live: writer }));
  const next = await stream.next();
  assert.equal((next.value?.data as TickResult).tick?.itemId, "filas");
  controller.abort();
});

test("a tick is saved even when Redis cannot be reached for publishing", async () => {
  const run = await openCurrentRun(DAILY.slug, fx.deps());
  const deadConnection = new Redis("redis://127.0.0.1:1", {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  deadConnection.on("error", () => {});
  const offline = new LiveHub({ prefix: "unused", publisher: deadConnection });
  const result = await tickAs(
    run.id,
    { itemId: "sentry", idempotencyKey: key() },
    fx.users.lucas,
    fx.deps({ live: offline }),
  );
  assert.equal(result.outcome, "created");
  assert.equal(await fx.prisma.checklistTick.count({ where: { runId: run.id, itemId: "sentry" } }), 1);
  deadConnection.disconnect();
});
