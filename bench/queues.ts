// Queue panels at scale: a portal monitoring 50 queues (each with its DLQ, so Bull Board
// holds 100), one of them with 100 000 failed jobs. The portal's panels against Bull Board's own
// API for the same data, in the same run:
//   - the overview (counters of every queue and its DLQ size) vs /admin/queues/api/queues;
//   - the failed-jobs panel's first and last page vs Bull Board's failed list of that queue.
// Under load (20 connections, 10 s) and cold (one request at a time, spaced past the panels'
// 1 s shared cache, so every panel request reads Redis). Figures are printed, never asserted.
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { config } from "../lib/config.ts";
import { DEFAULT_PAGE_SIZE } from "../lib/panels/jobs.ts";
import { measure, percentile, printTable, type LatencyFigures } from "./http.ts";
import { startBenchPortal } from "./portal.ts";
import { benchSession } from "./session.ts";

export interface QueueBenchOptions {
  databaseUrl: string;
  /** A Redis prefix of the bench's own. */
  prefix: string;
  queues?: number;
  failedJobs?: number;
}

const name = (n: number) => `bench-q${String(n).padStart(2, "0")}`;

async function seedFailed(prefix: string, queue: string, count: number): Promise<number> {
  const started = performance.now();
  const connection = new Redis(config().REDIS_URL, { maxRetriesPerRequest: null });
  const workerConnection = connection.duplicate();
  const target = new Queue(queue, { connection, prefix });
  const worker = new Worker(
    queue,
    async (job): Promise<unknown> => {
      throw new Error(`Gateway de pagamento não respondeu em 10000 ms (ETIMEDOUT) [${(job.data as { n: number }).n}]`);
    },
    { connection: workerConnection, prefix, concurrency: 1000 },
  );
  try {
    for (let chunk = 0; chunk < count; chunk += 2000) {
      await target.addBulk(
        Array.from({ length: Math.min(2000, count - chunk) }, (_, i) => ({
          name: "capture-payment",
          data: { n: chunk + i, paymentId: `pay_bench_${chunk + i}`, amount: 100 + (i % 900), currency: "BRL" },
          opts: { attempts: 1, removeOnFail: false, removeOnComplete: true },
        })),
      );
    }
    const deadline = Date.now() + 600_000;
    while (((await target.getJobCounts("failed")).failed ?? 0) < count) {
      if (Date.now() > deadline) throw new Error(`${count} failed jobs were not ready in 10 min`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await worker.close();
    await target.close();
    await Promise.allSettled([workerConnection.quit(), connection.quit()]);
  }
  return (performance.now() - started) / 1000;
}

/** A few jobs in every other queue, so the counters are not all zero. */
async function seedOthers(prefix: string, queues: string[]): Promise<void> {
  const connection = new Redis(config().REDIS_URL, { maxRetriesPerRequest: null });
  try {
    for (const queue of queues) {
      const q = new Queue(queue, { connection, prefix });
      await q.addBulk(
        Array.from({ length: 20 }, (_, i) => ({ name: "job", data: { i }, opts: { delay: i % 2 ? 3_600_000 : 0 } })),
      );
      await q.close();
    }
  } finally {
    await connection.quit();
  }
}

async function cold(
  label: string,
  url: string,
  headers: Record<string, string>,
  samples = 12,
): Promise<LatencyFigures> {
  const times: number[] = [];
  for (let i = 0; i < samples + 2; i++) {
    // Past the panels' shared 1 s cache: every panel request below reads Redis.
    await new Promise((r) => setTimeout(r, 1100));
    const started = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    if (i >= 2) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    label,
    requests: times.length,
    rps: 0,
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    p99: round(percentile(times, 99)),
    errors: 0,
    non2xx: 0,
  };
}

export async function queueBench(options: QueueBenchOptions): Promise<void> {
  const count = options.queues ?? 50;
  const failedJobs = options.failedJobs ?? 100_000;
  const names = Array.from({ length: count }, (_, i) => name(i + 1));
  const big = names[0]!;
  console.log(
    `\nQueues — seeding ${failedJobs.toLocaleString("en-US")} failed jobs in ${big} and a few jobs in ${count - 1} other queues...`,
  );
  const seconds = await seedFailed(options.prefix, big, failedJobs);
  await seedOthers(options.prefix, names.slice(1));
  console.log(`seeded in ${seconds.toFixed(1)} s`);

  const portal = await startBenchPortal({
    DATABASE_URL: options.databaseUrl,
    QUEUE_PREFIX: options.prefix,
    MONITORED_QUEUES: names.map((q, i) => `${q}:${q}-dlq:Fila ${i + 1}`).join(","),
  });
  try {
    const headers = await benchSession(portal.url, options.databaseUrl, "viewer");
    const lastPage = Math.ceil(failedJobs / DEFAULT_PAGE_SIZE) - 1;
    const pairs: Array<[string, string, string, string]> = [
      [
        "overview panel (GET /api/panels?panel=queues)",
        "/api/panels?panel=queues",
        "Bull Board: GET /admin/queues/api/queues",
        "/admin/queues/api/queues",
      ],
      [
        `failed-jobs panel, first page of ${big}`,
        `/api/panels?panel=failed-jobs&queue=${big}`,
        `Bull Board: ${big} failed, page 1`,
        `/admin/queues/api/queues?activeQueue=${big}&status=failed&page=1&jobsPerPage=${DEFAULT_PAGE_SIZE}`,
      ],
      [
        `failed-jobs panel, last page of ${big}`,
        `/api/panels?panel=failed-jobs&queue=${big}&page=${lastPage}`,
        `Bull Board: ${big} failed, last page`,
        `/admin/queues/api/queues?activeQueue=${big}&status=failed&page=${lastPage + 1}&jobsPerPage=${DEFAULT_PAGE_SIZE}`,
      ],
    ];
    for (const [, panelPath, , boardPath] of pairs) {
      for (const path of [panelPath, boardPath]) {
        const check = await fetch(`${portal.url}${path}`, { headers });
        if (!check.ok) throw new Error(`${path}: HTTP ${check.status}`);
      }
    }

    const ratioLines: string[] = [];
    const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}x` : "n/a");
    console.log(
      `\nUnder load — 20 connections, 10 s each (the panels share one Redis read per second, as in production)\n`,
    );
    const loaded: LatencyFigures[] = [];
    for (const [panelLabel, panelPath, boardLabel, boardPath] of pairs) {
      const panel = await measure(panelLabel, `${portal.url}${panelPath}`, { headers });
      const board = await measure(boardLabel, `${portal.url}${boardPath}`, { headers });
      loaded.push(panel, board);
      ratioLines.push(
        `${panelLabel} / Bull Board, under load: p50 ${ratio(panel.p50, board.p50)}, p95 ${ratio(panel.p95, board.p95)}, throughput ${ratio(panel.rps, board.rps)}`,
      );
    }
    printTable(loaded);

    console.log(`\nCold — one request at a time, 1.1 s apart (every panel request reads Redis)\n`);
    const coldRows: LatencyFigures[] = [];
    for (const [panelLabel, panelPath, boardLabel, boardPath] of pairs) {
      const panel = await cold(panelLabel, `${portal.url}${panelPath}`, headers);
      const board = await cold(boardLabel, `${portal.url}${boardPath}`, headers);
      coldRows.push(panel, board);
      ratioLines.push(
        `${panelLabel} / Bull Board, cold: p50 ${ratio(panel.p50, board.p50)}, p95 ${ratio(panel.p95, board.p95)}`,
      );
    }
    printTable(coldRows.map((row) => ({ ...row })));
    console.log("");
    for (const line of ratioLines) console.log(line);
  } finally {
    await portal.stop();
  }
}
