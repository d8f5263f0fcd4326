// Job search at scale: a portal monitoring 50 queues (each with its DLQ) that hold 100 000 failed
// jobs between them. Prints how long the first reconciliation scan took, search latency at 20
// connections for each kind of query, and the lag from a job failing to the search finding it
// (one job at a time, polled through the API). Figures are printed, never asserted.
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";
import { config } from "../lib/config.ts";
import { createPrismaClient } from "../lib/db/client.ts";
import { searchJobs } from "../lib/jobs-search/search.ts";
import { searchQuerySchema } from "../lib/jobs-search/validation.ts";
import { measure, percentile, printTable, type LatencyFigures } from "./http.ts";
import { startBenchPortal } from "./portal.ts";
import { benchSession } from "./session.ts";

export interface JobSearchBenchOptions {
  databaseUrl: string;
  /** A Redis prefix of the bench's own. */
  prefix: string;
  queues?: number;
  failedJobs?: number;
  lagSamples?: number;
}

const queueName = (n: number) => `search-q${String(n).padStart(2, "0")}`;
const ERROR = "Gateway de pagamento não respondeu em 10000 ms (ETIMEDOUT)";

/** Fills `queue` with `count` jobs that all fail, each with a paymentId unique across queues. */
async function seedFailed(connection: Redis, prefix: string, queue: string, tag: number, count: number): Promise<void> {
  const target = new Queue(queue, { connection, prefix });
  const workerConnection = connection.duplicate();
  const worker = new Worker(
    queue,
    async () => {
      throw new Error(ERROR);
    },
    { connection: workerConnection, prefix, concurrency: 500 },
  );
  try {
    await target.addBulk(
      Array.from({ length: count }, (_, n) => ({
        name: n % 10 === 0 ? "refund-payment" : "capture-payment",
        data: { paymentId: `pay_${tag}_${n}`, customerId: `cus_${n % 997}`, amount: 100 + (n % 900), currency: "BRL" },
        opts: { attempts: 1, removeOnFail: false, removeOnComplete: true },
      })),
    );
    const deadline = Date.now() + 600_000;
    while (((await target.getJobCounts("failed")).failed ?? 0) < count) {
      if (Date.now() > deadline) throw new Error(`${queue}: ${count} failed jobs were not ready in 10 min`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await worker.close();
    await target.close();
    await workerConnection.quit();
  }
}

async function indexedRows(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>("SELECT count(*) AS n FROM job_index")).rows[0]!.n);
  } finally {
    await client.end();
  }
}

/** The search's own cost (query + incident links, no HTTP, no session), one query at a time. */
async function inProcess(
  databaseUrl: string,
  names: string[],
  scenarios: Array<[string, string]>,
  samples = 40,
): Promise<LatencyFigures[]> {
  const prisma = createPrismaClient(databaseUrl);
  const schema = searchQuerySchema(names.map((name) => ({ name, dlq: `${name}-dlq`, displayName: name })));
  const rows: LatencyFigures[] = [];
  try {
    for (const [label, query] of scenarios) {
      const parsed = schema.parse(Object.fromEntries(new URLSearchParams(query)));
      await searchJobs(parsed, prisma);
      const times: number[] = [];
      for (let i = 0; i < samples; i++) {
        const started = performance.now();
        await searchJobs(parsed, prisma);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const round = (n: number) => Math.round(n * 10) / 10;
      rows.push({
        label,
        requests: samples,
        rps: 0,
        p50: round(percentile(times, 50)),
        p95: round(percentile(times, 95)),
        p99: round(percentile(times, 99)),
        errors: 0,
        non2xx: 0,
      });
    }
  } finally {
    await prisma.$disconnect();
  }
  return rows;
}

/** Time from the worker's "failed" to the search answering with the job as failed, one job at a time. */
async function failureLag(
  url: string,
  headers: Record<string, string>,
  prefix: string,
  samples: number,
): Promise<number[]> {
  const connection = new Redis(config().REDIS_URL, { maxRetriesPerRequest: null });
  const workerConnection = connection.duplicate();
  const queue = new Queue(queueName(1), { connection, prefix });
  const failedAt = new Map<string, number>();
  const worker = new Worker(
    queueName(1),
    async () => {
      throw new Error(ERROR);
    },
    { connection: workerConnection, prefix },
  );
  worker.on("failed", (job) => {
    if (job) failedAt.set(String(job.id), Date.now());
  });
  const lags: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const paymentId = `pay_lag_${Date.now().toString(36)}_${i}`;
      const job = await queue.add("capture-payment", { paymentId }, { attempts: 1, removeOnFail: false });
      const deadline = Date.now() + 30_000;
      for (;;) {
        const response = await fetch(`${url}/api/jobs/search?q=${paymentId}&field=data`, { headers });
        const body = (await response.json()) as { results?: Array<{ jobId: string; state: string }> };
        if (body.results?.some((r) => r.jobId === String(job.id) && r.state === "failed")) {
          lags.push(Date.now() - (failedAt.get(String(job.id)) ?? Date.now()));
          break;
        }
        if (Date.now() > deadline) throw new Error(`job ${job.id} was not findable within 30 s`);
        await new Promise((r) => setTimeout(r, 10));
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await worker.close();
    await queue.close();
    await Promise.allSettled([workerConnection.quit(), connection.quit()]);
  }
  return lags.sort((a, b) => a - b);
}

export async function jobSearchBench(options: JobSearchBenchOptions): Promise<void> {
  const count = options.queues ?? 50;
  const total = options.failedJobs ?? 100_000;
  const perQueue = Math.ceil(total / count);
  const names = Array.from({ length: count }, (_, i) => queueName(i + 1));
  console.log(
    `\nJob search — seeding ${(perQueue * count).toLocaleString("en-US")} failed jobs over ${count} queues...`,
  );
  const seedStarted = performance.now();
  const connection = new Redis(config().REDIS_URL, { maxRetriesPerRequest: null });
  try {
    for (const [i, name] of names.entries()) await seedFailed(connection, options.prefix, name, i + 1, perQueue);
  } finally {
    await connection.quit();
  }
  console.log(`seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

  const portal = await startBenchPortal({
    DATABASE_URL: options.databaseUrl,
    QUEUE_PREFIX: options.prefix,
    MONITORED_QUEUES: names.map((q, i) => `${q}:${q}-dlq:Fila ${i + 1}`).join(","),
  });
  try {
    const scanStarted = performance.now();
    const expected = perQueue * count;
    while ((await indexedRows(options.databaseUrl)) < expected) {
      if (performance.now() - scanStarted > 600_000) throw new Error("the index did not reach every job in 10 min");
      await new Promise((r) => setTimeout(r, 500));
    }
    console.log(
      `first reconciliation scan: ${expected.toLocaleString("en-US")} jobs indexed ${((performance.now() - scanStarted) / 1000).toFixed(1)} s after the portal answered`,
    );

    const headers = await benchSession(portal.url, options.databaseUrl, "viewer");
    const middle = Math.floor(count / 2);
    const scenarios: Array<[string, string]> = [
      [`by a data value (paymentId, 1 match in ${count} queues)`, `q=pay_${middle}_${Math.floor(perQueue / 2)}`],
      [
        "by a data value, scoped to its queue",
        `q=pay_${middle}_${Math.floor(perQueue / 2)}&queues=${queueName(middle)}`,
      ],
      ["by job id (exact, one per queue)", `q=${Math.floor(perQueue / 3)}&field=id`],
      [
        `by an error phrase (all ${expected.toLocaleString("en-US")} match)`,
        `q=${encodeURIComponent("não respondeu")}&field=error`,
      ],
      ["by name (10% match)", `q=refund-payment&field=name`],
      ["by customer id in the data (~100 matches)", `q=cus_500%22&field=data`],
    ];
    for (const [, query] of scenarios) {
      const check = await fetch(`${portal.url}/api/jobs/search?${query}`, { headers });
      if (!check.ok) throw new Error(`${query}: HTTP ${check.status} ${await check.text()}`);
    }
    console.log(`\nSearch under load — 20 connections, 10 s each (target p95 < 100 ms)\n`);
    const rows: LatencyFigures[] = [];
    // Baselines in the same run: the machine's floor, and Bull Board listing 50 failed jobs of one queue.
    rows.push(await measure("baseline: GET /api/health", `${portal.url}/api/health`));
    rows.push(
      await measure(
        `baseline: Bull Board, 50 failed jobs of ${queueName(middle)}`,
        `${portal.url}/admin/queues/api/queues?activeQueue=${queueName(middle)}&status=failed&page=1&jobsPerPage=50`,
        { headers },
      ),
    );
    for (const [label, query] of scenarios)
      rows.push(await measure(label, `${portal.url}/api/jobs/search?${query}`, { headers }));
    printTable(rows);
    console.log(`\nThe same searches without HTTP or session (lib/jobs-search called directly, one at a time)\n`);
    printTable(await inProcess(options.databaseUrl, names, scenarios));

    const samples = options.lagSamples ?? 40;
    const lags = await failureLag(portal.url, headers, options.prefix, samples);
    console.log(
      `\nLag from a job failing to being findable (${lags.length} jobs, one at a time; target p95 < 1000 ms): ` +
        `p50 ${percentile(lags, 50)} ms, p95 ${percentile(lags, 95)} ms, max ${lags.at(-1)} ms`,
    );
  } finally {
    await portal.stop();
  }
}
