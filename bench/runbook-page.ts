// Runbook page benchmark: runbook 03 rendered on the server with its five live panels (three
// DLQs, the failed set of `payments` holding 10 000 jobs, health) next to the same page with
// `?panels=off` (the same Markdown and layout, panels as placeholders), plus one panel refresh.
// Figures are printed, never asserted.
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { config } from "../lib/config.ts";
import { deadLetterJobId, type DeadLetterPayload } from "../lib/queues/dead-letter.ts";
import { measure, printTable, type LatencyFigures } from "./http.ts";
import { benchSession } from "./session.ts";

export interface RunbookPageBenchOptions {
  /** Base URL of a running portal (production build). */
  url: string;
  /** Its QUEUE_PREFIX, where the bench seeds its jobs. */
  prefix: string;
  /** Its DATABASE_URL, to create a bench user when the portal asks for a session. */
  databaseUrl: string;
  redisUrl?: string;
  connections?: number;
  seconds?: number;
  failedJobs?: number;
}

const PAGE = "/runbooks/03-alerta-job-na-dlq";

/** A failed set of `count` jobs in `payments` and twelve DLQ entries per queue (the load bench reuses it). */
export async function seedQueueData(redisUrl: string, prefix: string, count: number): Promise<void> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const workerConnection = connection.duplicate();
  const payments = new Queue("payments", { connection, prefix });
  const worker = new Worker(
    "payments",
    async (job): Promise<unknown> => {
      throw new Error(`Gateway de pagamento não respondeu em 10000 ms (ETIMEDOUT) [${(job.data as { n: number }).n}]`);
    },
    { connection: workerConnection, prefix, concurrency: 200 },
  );
  try {
    for (let chunk = 0; chunk < count; chunk += 1000) {
      await payments.addBulk(
        Array.from({ length: Math.min(1000, count - chunk) }, (_, i) => ({
          name: "capture-payment",
          data: { n: chunk + i, paymentId: `pay_bench_${chunk + i}`, amount: 100 + (i % 900), currency: "BRL" },
          opts: { attempts: 1, removeOnFail: false },
        })),
      );
    }
    const deadline = Date.now() + 120_000;
    while (((await payments.getJobCounts("failed")).failed ?? 0) < count) {
      if (Date.now() > deadline) throw new Error(`the bench's ${count} failed jobs were not ready in 2 min`);
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const source of ["payments", "notifications", "reports"]) {
      const dlq = new Queue(`${source}-dlq`, { connection, prefix });
      for (let n = 0; n < 12; n++) {
        const payload: DeadLetterPayload = {
          queue: source,
          jobId: `bench-${n}`,
          name: "bench-job",
          data: { n, note: "bench" },
          failedReason: `falha de bench ${n}`,
          stacktrace: [`Error: falha de bench ${n}\n    at bench (bench/runbook-page.ts:1:1)`],
          attemptsMade: 3,
          failedAt: new Date().toISOString(),
        };
        await dlq.add("bench-job", payload, { jobId: deadLetterJobId(source, `bench-${n}`) });
      }
      await dlq.close();
    }
  } finally {
    await worker.close();
    await payments.close();
    await Promise.allSettled([workerConnection.quit(), connection.quit()]);
  }
}

export async function runbookPageBench(options: RunbookPageBenchOptions): Promise<LatencyFigures[]> {
  const connections = options.connections ?? 20;
  const failedJobs = options.failedJobs ?? 10_000;
  await seedQueueData(options.redisUrl ?? config().REDIS_URL, options.prefix, failedJobs);
  const headers = await benchSession(options.url, options.databaseUrl, "viewer");

  const check = await fetch(`${options.url}${PAGE}`, { headers });
  const html = await check.text();
  if (!check.ok || !html.includes('data-panel="dlq"') || html.includes('data-status="error"')) {
    throw new Error(
      `runbook page not ready for the bench: HTTP ${check.status}${html.includes('data-status="error"') ? ", a panel shows an error" : ""}`,
    );
  }

  console.log(
    `\nRunbook page — ${PAGE}, ${connections} concurrent connections, ${options.seconds ?? 10} s each; payments holds ${failedJobs.toLocaleString("pt-BR")} failed jobs\n`,
  );
  const run = (label: string, path: string) =>
    measure(label, `${options.url}${path}`, { connections, seconds: options.seconds, headers });
  const rows = [
    await run("runbook 03, panels off (?panels=off)", `${PAGE}?panels=off`),
    await run("runbook 03 with its 5 live panels", PAGE),
    await run("one panel refresh (GET /api/panels dlq)", "/api/panels?panel=dlq&queue=payments"),
    await run(
      "failed-jobs panel, last page of 10 000",
      `/api/panels?panel=failed-jobs&queue=payments&page=${Math.ceil(failedJobs / 5) - 1}`,
    ),
  ];
  printTable(rows);
  const [off, on] = rows;
  const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : "n/a");
  console.log(
    `\nWith panels / panels off: p50 ${ratio(on!.p50, off!.p50)}x, p95 ${ratio(on!.p95, off!.p95)}x, throughput ${ratio(on!.rps, off!.rps)}x`,
  );
  return rows;
}
