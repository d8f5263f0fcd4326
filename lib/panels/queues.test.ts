import assert from "node:assert/strict";
import { createServer, type Server, type Socket } from "node:net";
import { after, before, describe, test } from "node:test";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { config, type MonitoredQueue } from "@/lib/config";
import { requestRedisOptions } from "@/lib/redis";
import { deletePrefix, uniquePrefix } from "@/tests/helpers/redis";
import { loadDeadLetters, loadFailedJobs } from "./jobs";
import { loadQueueOverview } from "./queues";
import type { PanelSnapshot, QueuesData } from "./types";

// The queue overview against the real Redis, and every queue panel with Redis gone: a refused
// connection answers at once, a server that accepts but never answers within the time limit.

const prefix = uniquePrefix("panels-queues");
const monitored: MonitoredQueue[] = [
  { name: "payments", dlq: "payments-dlq", displayName: "Pagamentos" },
  { name: "reports", dlq: null, displayName: "Relatórios" },
];
let connection: Redis;
const queues = new Map<string, Queue>();

before(async () => {
  connection = new Redis(config().REDIS_URL, { maxRetriesPerRequest: null });
  for (const name of ["payments", "payments-dlq", "reports"]) queues.set(name, new Queue(name, { connection, prefix }));
});

after(async () => {
  await Promise.allSettled([...queues.values()].map((q) => q.close()));
  await deletePrefix(prefix);
  await connection.quit();
});

describe("queue overview", () => {
  test("counts every monitored queue and the size of its DLQ", async () => {
    await queues.get("payments")!.add("capture-payment", { n: 1 });
    await queues.get("payments")!.add("capture-payment", { n: 2 }, { delay: 60_000 });
    await queues.get("payments-dlq")!.add("capture-payment", { jobId: "9" });
    const snapshot = await loadQueueOverview(monitored, (name) => queues.get(name));
    assert.equal(snapshot.status, "ok");
    const { queues: rows } = (snapshot as Extract<PanelSnapshot<QueuesData>, { status: "ok" }>).data;
    assert.deepEqual(
      rows.map((row) => [row.name, row.displayName, row.counts.waiting, row.counts.delayed, row.dlqSize]),
      [
        ["payments", "Pagamentos", 1, 1, 1],
        ["reports", "Relatórios", 0, 0, null],
      ],
    );
  });

  test("a queue the portal does not know is an error, not an exception", async () => {
    const snapshot = await loadQueueOverview([{ name: "ghost", dlq: null, displayName: "Fantasma" }], () => undefined);
    assert.equal(snapshot.status, "error");
  });
});

/** A TCP server that accepts connections and never answers: a hung Redis. */
async function blackHole(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

function panelsOver(client: Redis) {
  const make = (name: string) => {
    const q = new Queue(name, { connection: client, prefix });
    q.on("error", () => undefined);
    return q;
  };
  const handles = { payments: make("payments"), dlq: make("payments-dlq"), reports: make("reports") };
  const resolve = (name: string) =>
    name === "payments"
      ? handles.payments
      : name === "payments-dlq"
        ? handles.dlq
        : name === "reports"
          ? handles.reports
          : undefined;
  return {
    load: (timeoutMs?: number) =>
      Promise.all([
        loadQueueOverview(monitored, resolve, timeoutMs),
        loadFailedJobs(handles.payments, monitored[0]!, { timeoutMs }),
        loadDeadLetters(handles.dlq, monitored[0]!, { timeoutMs }),
      ]),
    async close() {
      client.disconnect();
      // Closing a queue whose connection never became ready can wait forever; do not let it.
      await Promise.race([
        Promise.allSettled(Object.values(handles).map((q) => q.close())),
        new Promise((r) => setTimeout(r, 500)),
      ]);
    },
  };
}

describe("Redis down", () => {
  test("connection refused: every queue panel degrades at once with what failed", async () => {
    const client = new Redis(`redis://127.0.0.1:${await closedPort()}`, {
      ...requestRedisOptions(),
      retryStrategy: () => 1000,
    });
    client.on("error", () => undefined);
    const panels = panelsOver(client);
    try {
      const { value: snapshots, ms } = await timed(() => panels.load());
      assert.ok(ms < 1700, `answered after ${Math.round(ms)} ms`);
      for (const snapshot of snapshots) {
        assert.equal(snapshot.status, "error");
        if (snapshot.status !== "error") continue;
        assert.equal(snapshot.error.source, "redis");
        assert.ok(["unavailable", "timeout"].includes(snapshot.error.code), snapshot.error.code);
        assert.match(snapshot.error.message, /Redis/);
      }
    } finally {
      await panels.close();
    }
  });

  test("a Redis that accepts but never answers: the time limit, not a hung page", async () => {
    const hole = await blackHole();
    // With an offline queue, commands wait for a ready connection that never comes.
    const client = new Redis(hole.url, {
      maxRetriesPerRequest: null,
      connectTimeout: 10_000,
      enableOfflineQueue: true,
    });
    client.on("error", () => undefined);
    const panels = panelsOver(client);
    try {
      const { value: snapshots, ms } = await timed(() => panels.load(400));
      assert.ok(ms >= 390 && ms < 1000, `answered after ${Math.round(ms)} ms`);
      for (const snapshot of snapshots) {
        assert.equal(snapshot.status, "error");
        if (snapshot.status !== "error") continue;
        assert.equal(snapshot.error.code, "timeout");
        assert.equal(snapshot.error.message, "o Redis não respondeu em 0,4 s");
      }
      // The default limit is 1.5 s.
      const {
        value: [overview],
        ms: defaultMs,
      } = await timed(() => panels.load());
      assert.ok(defaultMs >= 1450 && defaultMs < 2200, `default limit took ${Math.round(defaultMs)} ms`);
      assert.equal(overview.status === "error" && overview.error.message, "o Redis não respondeu em 1,5 s");
    } finally {
      await panels.close();
      await hole.close();
    }
  });
});
