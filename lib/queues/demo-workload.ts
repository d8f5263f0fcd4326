import { Queue, UnrecoverableError, Worker, type Job, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import type { MonitoredQueue } from "@/lib/config";
import { logger } from "@/lib/observability/log";
import { attachDeadLetter } from "@/lib/queues/dead-letter";

// A small stand-in for the production system the portal watches: three queues whose worker
// fails some jobs the way real integrations fail (a declined card is permanent, a gateway
// timeout is transient), so the dashboards, failed sets and DLQs always have something to show.

export type DemoQueue = "payments" | "notifications" | "reports";

export interface DemoJob {
  queue: DemoQueue;
  name: string;
  data: Record<string, unknown>;
}

const JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: "fixed", delay: 300 },
  removeOnComplete: { count: 500 },
  removeOnFail: { count: 5000 },
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const DECLINED_CARD_ERROR = "Cartão recusado pelo emissor (código 05: não autorizado)";
export const GATEWAY_TIMEOUT_ERROR = "Gateway de pagamento não respondeu em 10000 ms (ETIMEDOUT)";
export const SMTP_ERROR = "SMTP 550: caixa postal inexistente";
export const REPORT_ERROR = "Consulta do relatório excedeu statement_timeout de 30 s";

async function processPayment(job: Job): Promise<unknown> {
  await sleep(20);
  const data = job.data as { paymentId: string; amount: number; scenario?: string };
  if (data.scenario === "card-declined") throw new UnrecoverableError(DECLINED_CARD_ERROR);
  if (data.scenario === "gateway-timeout") throw new Error(GATEWAY_TIMEOUT_ERROR);
  // A transient failure that is over by the time someone re-processes the job (incident e2e).
  if (data.scenario === "gateway-timeout-once" && job.attemptsStarted <= 1) throw new Error(GATEWAY_TIMEOUT_ERROR);
  return { authorization: `AUT-${data.paymentId}`, settledAt: new Date().toISOString() };
}

async function processNotification(job: Job): Promise<unknown> {
  await sleep(10);
  const data = job.data as { to: string; scenario?: string };
  if (data.scenario === "bounce") throw new UnrecoverableError(SMTP_ERROR);
  return { delivered: data.to };
}

async function processReport(job: Job): Promise<unknown> {
  await sleep(50);
  const data = job.data as { report: string; scenario?: string };
  if (data.scenario === "timeout") throw new Error(REPORT_ERROR);
  return { rows: 1200, report: data.report };
}

const PROCESSORS: Record<DemoQueue, (job: Job) => Promise<unknown>> = {
  payments: processPayment,
  notifications: processNotification,
  reports: processReport,
};

let sequence = 0;

function scenarioFor(queue: DemoQueue, failing: boolean | string): { scenario?: string } {
  if (typeof failing === "string") return { scenario: failing };
  if (!failing) return {};
  const options = FAILING_SCENARIOS[queue];
  return { scenario: options[sequence % options.length] };
}

const FAILING_SCENARIOS: Record<DemoQueue, string[]> = {
  payments: ["card-declined", "gateway-timeout"],
  notifications: ["bounce"],
  reports: ["timeout"],
};

/** A job for a demo queue; `failing` (or an explicit scenario) makes it end in the DLQ. */
export function demoJob(queue: DemoQueue, failing: boolean | string = false): DemoJob {
  sequence += 1;
  const id = `${Date.now().toString(36)}${sequence}`;
  switch (queue) {
    case "payments":
      return {
        queue,
        name: "capture-payment",
        data: {
          paymentId: `pay_${id}`,
          amount: Math.round(1000 + Math.random() * 90000) / 100,
          currency: "BRL",
          customerId: `cus_${(sequence % 37) + 100}`,
          method: "credit_card",
          ...scenarioFor(queue, failing),
        },
      };
    case "notifications":
      return {
        queue,
        name: "send-email",
        data: {
          to: `cliente${sequence % 50}@exemplo.com.br`,
          template: "pagamento-confirmado",
          ...scenarioFor(queue, failing),
        },
      };
    case "reports":
      return {
        queue,
        name: "build-report",
        data: {
          report: "fechamento-diario",
          period: new Date().toISOString().slice(0, 10),
          ...scenarioFor(queue, failing),
        },
      };
  }
}

export interface DemoWorkloadOptions {
  connection: Redis;
  prefix: string;
  queues: MonitoredQueue[];
  /** How often the producer adds a job per queue; 0 disables the producer. */
  intervalMs?: number;
  /** Every Nth produced job is one that fails for good. */
  failEvery?: number;
}

export interface DemoWorkload {
  enqueue(job: DemoJob): Promise<void>;
  /** A burst with failing jobs in every queue, so a fresh demo has failures and DLQ entries. */
  seedBurst(): Promise<void>;
  stop(): Promise<void>;
}

export function startDemoWorkload(options: DemoWorkloadOptions): DemoWorkload {
  const log = logger("demo-workload");
  const { connection, prefix } = options;
  const demoQueues = options.queues.filter((q): q is MonitoredQueue & { name: DemoQueue } => q.name in PROCESSORS);
  const producers = new Map<string, Queue>();
  const closables: Array<{ close(): Promise<void> }> = [];

  for (const monitored of demoQueues) {
    const queue = new Queue(monitored.name, { connection, prefix });
    queue.on("error", (err) => log.debug({ err: err.message }, "queue error"));
    producers.set(monitored.name, queue);
    closables.push(queue);
    // Workers block on Redis, so each needs a connection of its own; BullMQ does not close
    // connections it was handed, so stop() quits them.
    const workerConnection = connection.duplicate();
    closables.push({ close: () => workerConnection.quit().then(() => undefined) });
    const worker = new Worker(monitored.name, PROCESSORS[monitored.name], {
      connection: workerConnection,
      prefix,
      concurrency: 2,
    });
    worker.on("error", (err) => log.debug({ err: err.message }, "worker error"));
    closables.push(worker);
    if (monitored.dlq) {
      const dlq = new Queue(monitored.dlq, { connection, prefix });
      dlq.on("error", (err) => log.debug({ err: err.message }, "dlq error"));
      closables.push(dlq);
      attachDeadLetter(worker, dlq);
    }
  }

  async function enqueue(job: DemoJob): Promise<void> {
    const queue = producers.get(job.queue);
    if (!queue) return;
    await queue.add(job.name, job.data, JOB_OPTIONS);
  }

  const produced = new Map<string, number>();
  const failEvery = options.failEvery ?? 12;
  const timer =
    options.intervalMs && options.intervalMs > 0
      ? setInterval(() => {
          for (const q of demoQueues) {
            const count = (produced.get(q.name) ?? 0) + 1;
            produced.set(q.name, count);
            enqueue(demoJob(q.name, count % failEvery === 0)).catch((err: Error) =>
              log.warn({ err: err.message }, "could not enqueue demo job"),
            );
          }
        }, options.intervalMs)
      : undefined;

  return {
    enqueue,
    async seedBurst() {
      for (const q of demoQueues) {
        for (let i = 0; i < 6; i++) await enqueue(demoJob(q.name, false));
        for (const scenario of FAILING_SCENARIOS[q.name]) await enqueue(demoJob(q.name, scenario));
      }
    },
    async stop() {
      if (timer) clearInterval(timer);
      // Workers and queues first, then the connections they used.
      const [connections, handles] = [
        closables.filter((c) => !(c instanceof Queue || c instanceof Worker)),
        closables.filter((c) => c instanceof Queue || c instanceof Worker),
      ];
      await Promise.allSettled(handles.map((c) => c.close()));
      await Promise.allSettled(connections.map((c) => c.close()));
    },
  };
}
