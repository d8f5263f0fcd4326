import { expect, test, type APIRequestContext } from "@playwright/test";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { createPrismaClient } from "@/lib/db/client";
import { deadLetterJobId, type DeadLetterPayload } from "@/lib/queues/dead-letter";
import { DECLINED_CARD_ERROR } from "@/lib/queues/demo-workload";
import { createTestDatabase } from "@/tests/helpers/database";
import { ensureUser, signInRequest } from "./support/auth";
import { openRun, tick } from "./support/checklist-api";
import { startPortal, startPrivateRedis, type PortalProcess, type PrivateRedis } from "./support/processes";

// Fault: Redis stops while pages are open, then comes back. Its own redis-server (stopping the
// shared one would disturb everyone else), its own database (the daily run's ticks must not meet
// other specs') and its own portal process, which must ride the outage out without a restart.

const SLUG = "01-monitoramento-diario";
const PREFIX = "faults-redis";
/** Panels recover by themselves within 10 s of Redis answering again. */
const RECOVERY_MS = 10_000;

async function addDeadLetter(url: string, jobId: string, options: { delay?: number } = {}): Promise<void> {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const dlq = new Queue("payments-dlq", { connection, prefix: PREFIX });
  try {
    const payload: DeadLetterPayload = {
      queue: "payments",
      jobId,
      name: "capture-payment",
      data: { paymentId: `pay_${jobId}`, amount: 10, currency: "BRL" },
      failedReason: DECLINED_CARD_ERROR,
      stacktrace: [`UnrecoverableError: ${DECLINED_CARD_ERROR}`],
      attemptsMade: 1,
      failedAt: new Date().toISOString(),
    };
    await dlq.add("capture-payment", payload, { jobId: deadLetterJobId("payments", jobId), ...options });
  } finally {
    await dlq.close();
    await connection.quit();
  }
}

async function jobState(url: string, jobId: string): Promise<string> {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const dlq = new Queue("payments-dlq", { connection, prefix: PREFIX });
  try {
    return await dlq.getJobState(deadLetterJobId("payments", jobId));
  } finally {
    await dlq.close();
    await connection.quit();
  }
}

async function readiness(portal: PortalProcess, require = "") {
  const response = await fetch(`${portal.url}/api/health/ready${require}`);
  return {
    status: response.status,
    body: (await response.json()) as { status: string; checks: Record<string, { status: string }> },
  };
}

async function metricsText(request: APIRequestContext, portal: PortalProcess): Promise<string> {
  return (await request.get(`${portal.url}/api/metrics`)).text();
}

test("Redis stops and comes back: pages stay up, ticks still save, panels, Bull Board, metrics and live events recover without a restart", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const database = await createTestDatabase();
  let redis: PrivateRedis | null = null;
  let portal: PortalProcess | null = null;
  const contexts: Array<{ close(): Promise<void> }> = [];
  try {
    redis = await startPrivateRedis();
    const [alice, bruno] = await Promise.all([
      ensureUser("operator", "redis-alice", database.url),
      ensureUser("operator", "redis-bruno", database.url),
    ]);
    portal = await startPortal({
      REDIS_URL: redis.url,
      DATABASE_URL: database.url,
      QUEUE_PREFIX: PREFIX,
      METRICS_TOKEN: "",
    });
    const pid = portal.process.pid;
    await addDeadLetter(redis.url, "before");

    const ctxA = await browser.newContext({ baseURL: portal.url });
    const ctxB = await browser.newContext({ baseURL: portal.url });
    contexts.push(ctxA, ctxB);
    await signInRequest(ctxA.request, alice, portal.url);
    await signInRequest(ctxB.request, bruno, portal.url);

    const page = await ctxA.newPage();
    await page.goto(`/runbooks/${SLUG}`);
    const queuesPanel = page.locator('section[data-panel="queues"]');
    const dlqPanel = page.locator('section[data-panel="dlq"][data-queue="payments"]');
    const redisHealth = page.locator('section[data-panel="health"] [data-dependency="redis"]');
    await expect(page.locator("[data-checklist-live]")).toHaveAttribute("data-checklist-live", "on");
    await expect(queuesPanel).toHaveAttribute("data-status", "ok");
    await expect(dlqPanel.locator('[data-job-id="payments-before"]')).toBeVisible();
    expect((await readiness(portal)).status).toBe(200);

    // ---- Redis stops -------------------------------------------------------------------------
    await redis.stop();

    // The open page: each queue panel says so on its next poll; the runbook text is untouched.
    await expect(queuesPanel).toContainText("Filas indisponíveis", { timeout: 15_000 });
    await expect(dlqPanel).toContainText("Filas indisponíveis", { timeout: 15_000 });
    await expect(redisHealth).toContainText("Fora do ar", { timeout: 15_000 });
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

    // Readiness names Redis; the Kubernetes probe (PostgreSQL only) keeps the replica serving.
    const down = await readiness(portal);
    expect(down.status).toBe(503);
    expect(down.body.status).toBe("unavailable");
    expect(down.body.checks.redis?.status).toBe("down");
    expect(down.body.checks.postgres?.status).toBe("up");
    const probe = await readiness(portal, "?require=postgres");
    expect(probe.status).toBe(200);
    expect(probe.body.checks.redis?.status).toBe("down");
    expect((await fetch(`${portal.url}/api/health/ready?require=mysql`)).status).toBe(400);
    expect((await fetch(`${portal.url}/api/health`)).status).toBe(200);

    // A fresh page load still renders, degraded.
    const home = await ctxA.newPage();
    await home.goto("/");
    await expect(home.getByRole("heading", { level: 1, name: "Visão geral" })).toBeVisible();
    await expect(home.getByText("Filas indisponíveis")).toBeVisible();
    await expect(home.locator('[data-dependency="redis"]')).toContainText("Fora do ar");
    await home.close();

    // A tick needs only PostgreSQL: it is saved at once, the failed live publish does not fail it.
    const saude = page.locator('li[data-item-id="saude"]');
    await saude.getByRole("checkbox").check();
    await expect(page.locator('[data-checklist-item="saude"]')).toHaveAttribute("data-saved", "true");
    await expect(saude).toContainText("Marcado por E2E redis-alice");
    await expect(saude).not.toContainText("não salvo ainda");
    const prisma = createPrismaClient(database.url);
    try {
      expect(await prisma.checklistTick.count({ where: { itemId: "saude" } })).toBe(1);
    } finally {
      await prisma.$disconnect();
    }
    expect(await metricsText(ctxA.request, portal)).not.toMatch(/^bullmq_dlq_size\{/m);

    // ---- Redis comes back (empty: it keeps nothing on disk) ------------------------------------
    await redis.start();
    const back = Date.now();
    const remaining = () => Math.max(1000, RECOVERY_MS - (Date.now() - back));
    await addDeadLetter(redis.url, "after");

    // The open page recovers by itself: no reload, the new DLQ entry appears.
    await expect(dlqPanel.locator('[data-job-id="payments-after"]')).toBeVisible({ timeout: remaining() });
    await expect(queuesPanel).toHaveAttribute("data-status", "ok", { timeout: remaining() });
    await expect(queuesPanel).not.toContainText("Filas indisponíveis");
    await expect(redisHealth).toContainText("Operando", { timeout: remaining() });
    const recoveredIn = Date.now() - back;
    test.info().annotations.push({ type: "panels recovered", description: `${recoveredIn} ms after Redis came back` });
    expect(recoveredIn).toBeLessThanOrEqual(RECOVERY_MS);

    await expect.poll(async () => (await readiness(portal!)).status, { timeout: RECOVERY_MS }).toBe(200);

    // BullMQ's connections are back: Bull Board reads the queues and writes through them.
    const board = await ctxA.request.get("/admin/queues/api/queues?activeQueue=payments-dlq&status=waiting&page=1");
    expect(board.status()).toBe(200);
    const boardBody = (await board.json()) as { queues: Array<{ name: string; counts: Record<string, number> }> };
    expect(boardBody.queues.find((q) => q.name === "payments-dlq")?.counts.waiting).toBe(1);
    await addDeadLetter(redis.url, "delayed", { delay: 3_600_000 });
    const promote = await ctxA.request.put(
      `/admin/queues/api/queues/payments-dlq/${deadLetterJobId("payments", "delayed")}/promote`,
      { headers: { origin: portal.url } },
    );
    expect(promote.status()).toBe(204);
    await expect.poll(() => jobState(redis!.url, "delayed")).toBe("waiting");

    // Metrics read the queue depths again.
    await expect
      .poll(() => metricsText(ctxA.request, portal!), { timeout: RECOVERY_MS })
      .toMatch(/^bullmq_dlq_size\{queue="payments",dlq="payments-dlq"\} 2$/m);
    expect(await metricsText(ctxA.request, portal)).toMatch(
      /^bullmq_queue_jobs\{queue="payments",state="waiting"\} 0$/m,
    );

    // Live events again: another operator's ticks reach the open page. The first may arrive with
    // the snapshot the stream re-sends once its subscription is back; the second can only come
    // through Redis pub/sub, since the page does not poll the run.
    const run = await openRun(ctxB.request, portal.url, SLUG);
    await tick(ctxB.request, portal.url, run.id, "painel-filas", "depois da volta do Redis");
    await expect(page.locator('li[data-item-id="painel-filas"]').getByRole("checkbox")).toBeChecked({
      timeout: RECOVERY_MS,
    });
    await tick(ctxB.request, portal.url, run.id, "fila-espera", "pelo pub/sub");
    const fila = page.locator('li[data-item-id="fila-espera"]');
    await expect(fila.getByRole("checkbox")).toBeChecked({ timeout: 3000 });
    await expect(fila).toContainText("pelo pub/sub");

    // All of it without a restart.
    expect(portal.process.exitCode).toBeNull();
    expect(portal.process.pid).toBe(pid);
  } finally {
    for (const context of contexts) await context.close();
    await portal?.stop();
    await redis?.stop();
    await database.drop();
  }
});
