import { expect, test } from "@playwright/test";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { config } from "@/lib/config";
import { E2E_BASE_URL, signInAs } from "./support/auth";
import { failPaymentIntoDlq } from "./support/workload";

// Job search: a payment that failed, went to the DLQ and was retried from an incident is found
// by its paymentId — by a viewer — in its current state, with the incident that retried it.

test("a payment retried from an incident is found by its paymentId, with its state and the incident", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const failed = await failPaymentIntoDlq("gateway-timeout-once");
  const connection = new Redis(config().REDIS_URL, { maxRetriesPerRequest: null });
  const payments = new Queue("payments", { connection, prefix: config().QUEUE_PREFIX });
  const viewerContext = await browser.newContext({ baseURL: E2E_BASE_URL });
  try {
    const paymentId = ((await payments.getJob(failed.jobId))!.data as { paymentId: string }).paymentId;
    await signInAs(page, "operator");

    // Before the retry: the failed original and its DLQ copy.
    await expect(async () => {
      await page.goto(`/jobs?q=${paymentId}`);
      await expect(page.locator(`[data-job="payments/${failed.jobId}"] [data-state]`)).toHaveAttribute(
        "data-state",
        "failed",
      );
      await expect(page.locator(`[data-job="payments-dlq/payments-${failed.jobId}"]`)).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    await expect(page.locator(`[data-job="payments/${failed.jobId}"]`)).toContainText("ETIMEDOUT");

    await page.goto("/runbooks/03-alerta-job-na-dlq");
    await page.getByRole("link", { name: "Iniciar incidente" }).click();
    await page.getByLabel("Título do incidente").fill(`Pagamento ${paymentId} na DLQ`);
    await page.getByRole("button", { name: "Abrir incidente" }).click();
    await page.waitForURL(/\/incidents\/[0-9a-f-]{36}$/);
    const incidentId = page.url().split("/").pop()!;
    const dlqRow = page.locator(`[data-dlq-job="payments/${failed.jobId}"]`);
    await dlqRow.getByLabel("Motivo (obrigatório)").fill("gateway normalizado");
    await dlqRow.getByRole("button", { name: "Reprocessar" }).click();
    await expect(dlqRow.locator("[data-dlq-done]")).toBeVisible();
    await expect
      .poll(async () => (await payments.getJob(failed.jobId))?.getState(), { timeout: 15_000 })
      .toBe("completed");
    const { number } = (await (await page.request.get(`/api/incidents/${incidentId}`)).json()) as { number: number };

    // The incident page offers the search over its runbook's queues.
    const form = page.getByRole("search", { name: "Buscar jobs nas filas deste runbook" });
    await form.getByLabel("Buscar").fill(paymentId);
    await form.getByRole("button", { name: "Buscar" }).click();
    await expect(page).toHaveURL(/\/jobs\?q=.*&queues=payments%2Cnotifications%2Creports/);

    // A viewer finds it: completed now, the DLQ copy gone, linked to Bull Board and to the incident.
    const viewer = await viewerContext.newPage();
    await signInAs(viewer, "viewer");
    const found = viewer.locator(`[data-job="payments/${failed.jobId}"]`);
    await expect(async () => {
      await viewer.goto(`/jobs?q=${paymentId}&field=data`);
      await expect(found.locator("[data-state]")).toHaveAttribute("data-state", "completed", { timeout: 1000 });
      await expect(viewer.locator(`[data-job="payments-dlq/payments-${failed.jobId}"]`)).toHaveCount(0);
    }).toPass({ timeout: 15_000 });
    await expect(found.locator("[data-state]")).toHaveText("concluído");
    await expect(found.getByRole("link", { name: `#${failed.jobId}` })).toHaveAttribute(
      "href",
      `/admin/queues/queue/payments/${failed.jobId}`,
    );
    const incident = found.locator("[data-incidents]");
    await expect(incident).toContainText(`INC-${number} reprocessou`);
    await incident.getByRole("link", { name: `INC-${number}` }).click();
    await expect(viewer).toHaveURL(`/incidents/${incidentId}`);

    // The same through the API; a search that would read every row is a 400 in Portuguese.
    const api = await viewer.request.get(`/api/jobs/search?q=${paymentId}`);
    expect(api.status()).toBe(200);
    const body = (await api.json()) as {
      results: Array<{
        queue: string;
        jobId: string;
        state: string;
        incidents: Array<{ number: number; action: string }>;
      }>;
    };
    expect(body.results).toEqual([
      expect.objectContaining({
        queue: "payments",
        jobId: failed.jobId,
        state: "completed",
        incidents: [expect.objectContaining({ number, action: "retry" })],
      }),
    ]);
    for (const [query, message] of [
      ["q=ab", /ao menos 3 letras ou dígitos seguidos/],
      ["q=", /Informe o que buscar/],
      [`q=${"x".repeat(201)}`, /no máximo 200 caracteres/],
    ] as const) {
      const bad = await viewer.request.get(`/api/jobs/search?${query}`);
      expect(bad.status()).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toMatch(message);
    }
    await viewer.goto("/jobs?q=ab");
    await expect(viewer.locator("main").getByRole("alert")).toContainText("ao menos 3 letras");
  } finally {
    await viewerContext.close();
    await payments.close();
    await connection.quit();
    await failed.stop();
  }
});
