import { expect, test } from "@playwright/test";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { config } from "@/lib/config";
import { deadLetterJobId, type DeadLetterPayload } from "@/lib/queues/dead-letter";
import { DECLINED_CARD_ERROR } from "@/lib/queues/demo-workload";
import { signInAs } from "./support/auth";
import { startPortal, startPrivateRedis } from "./support/processes";

// Its own redis-server and portal process: stopping the shared Redis would disturb everyone else.
test("with Redis stopped, runbook 03's queue panels say 'Filas indisponíveis' while the runbook still renders", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const redis = await startPrivateRedis();
  const portal = await startPortal({ REDIS_URL: redis.url });
  try {
    // A DLQ entry in the private Redis, in the shape the workers write.
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const dlq = new Queue("payments-dlq", { connection, prefix: config().QUEUE_PREFIX });
    const payload: DeadLetterPayload = {
      queue: "payments",
      jobId: "4242",
      name: "capture-payment",
      data: { paymentId: "pay_outage", amount: 99.9, currency: "BRL" },
      failedReason: DECLINED_CARD_ERROR,
      stacktrace: [`UnrecoverableError: ${DECLINED_CARD_ERROR}`],
      attemptsMade: 1,
      failedAt: new Date().toISOString(),
    };
    await dlq.add("capture-payment", payload, { jobId: deadLetterJobId("payments", "4242") });
    await dlq.close();
    await connection.quit();

    await signInAs(page, "viewer", portal.url);
    await page.goto(`${portal.url}/runbooks/03-alerta-job-na-dlq`);
    const panel = page.locator('section[data-panel="dlq"][data-queue="payments"]');
    await expect(panel.locator('[data-job-id="payments-4242"] [data-job-error]')).toHaveText(DECLINED_CARD_ERROR);

    await redis.stop();

    // The open page: the next poll turns the panel into the message, nothing else changes.
    await expect(panel).toContainText("Filas indisponíveis", { timeout: 15_000 });
    await expect(panel).toContainText("REDIS_URL");
    await expect(page.getByRole("heading", { name: "Passo 2: inspecionar os dados e o erro do job" })).toBeVisible();

    // A fresh load with Redis down: fast, every queue panel degraded on its own, the text intact.
    const started = Date.now();
    const response = await page.goto(`${portal.url}/runbooks/03-alerta-job-na-dlq`);
    const elapsed = Date.now() - started;
    expect(response?.status()).toBe(200);
    expect(elapsed).toBeLessThan(4000);
    await expect(page.getByRole("heading", { level: 1, name: "Alerta: job crítico na DLQ" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Passo 3: classificar o erro" })).toBeVisible();
    await expect(page.getByRole("table").filter({ hasText: "Permanente de negócio" })).toBeVisible();
    for (const queue of ["payments", "notifications", "reports"]) {
      await expect(page.locator(`section[data-panel="dlq"][data-queue="${queue}"]`)).toContainText(
        "Filas indisponíveis",
      );
    }
    await expect(page.locator('section[data-panel="failed-jobs"]')).toContainText("Filas indisponíveis");
    await expect(page.locator('section[data-panel="health"] [data-dependency="redis"]')).toContainText("Fora do ar");
    await expect(page.locator('section[data-panel="health"] [data-dependency="postgres"]')).toContainText("Operando");
  } finally {
    await portal.stop();
    await redis.stop();
  }
});
