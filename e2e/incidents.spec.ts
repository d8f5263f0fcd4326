import { createHmac, randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { config } from "@/lib/config";
import { createPrismaClient } from "@/lib/db";
import { deadLetterJobId } from "@/lib/queues/dead-letter";
import { E2E_BASE_URL, signInAs } from "./support/auth";
import { failPaymentIntoDlq } from "./support/workload";

// Issue 5's acceptance: alert webhooks open and dedupe incidents; the commander retries a DLQ job
// from the incident page and resolves it; a second viewer sees the timeline live.

const SECRET = process.env.SENTRY_WEBHOOK_SECRET ?? "";

function metricAlert(identifier: string) {
  return JSON.stringify({
    action: "critical",
    data: {
      metric_alert: { id: identifier, identifier, title: "P95 > 750ms", alert_rule: { id: 77, name: "P95 > 750ms", aggregate: "p95(span.duration)" } },
      description_title: `Critical: P95 > 750ms on /api/checkout (${identifier})`,
      web_url: "https://sentry.example/alerts/77/",
    },
  });
}

const sign = (body: string) => createHmac("sha256", SECRET).update(body).digest("hex");

async function openIncidentFromRunbook(page: Page, slug: string, title: string): Promise<string> {
  await page.goto(`/runbooks/${slug}`);
  await page.getByRole("link", { name: "Iniciar incidente" }).click();
  await page.getByLabel("Título do incidente").fill(title);
  await page.getByRole("button", { name: "Abrir incidente" }).click();
  await page.waitForURL(/\/incidents\/[0-9a-f-]{36}$/);
  return page.url().split("/").pop()!;
}

test("a signed Sentry metric alert opens an incident on runbook 02; a repeat appends; unsigned is 401", async ({ request }) => {
  test.skip(!SECRET, "SENTRY_WEBHOOK_SECRET is not set for the e2e portal (scripts/test.ts sets it)");
  const identifier = randomBytes(6).toString("hex");
  const body = metricAlert(identifier);
  const headers = (requestId: string) => ({ "content-type": "application/json", "sentry-hook-resource": "metric_alert", "request-id": requestId, "sentry-hook-signature": sign(body) });

  const first = await request.post("/api/webhooks/sentry", { headers: headers(`req-${identifier}-1`), data: body });
  expect(first.status()).toBe(201);
  const opened = (await first.json()) as { outcome: string; incidentId: string; runbookSlug: string };
  expect(opened).toMatchObject({ outcome: "opened", runbookSlug: "02-alerta-performance-degradada" });

  const second = await request.post("/api/webhooks/sentry", { headers: headers(`req-${identifier}-2`), data: body });
  expect(second.status()).toBe(200);
  expect(await second.json()).toMatchObject({ outcome: "appended", incidentId: opened.incidentId });

  const unsigned = await request.post("/api/webhooks/sentry", { headers: { "content-type": "application/json", "sentry-hook-resource": "metric_alert" }, data: metricAlert(`${identifier}-x`) });
  expect(unsigned.status()).toBe(401);
  expect(((await unsigned.json()) as { error: string }).error).toMatch(/Assinatura ausente/);
  const forged = await request.post("/api/webhooks/sentry", { headers: { ...headers("req-forged"), "sentry-hook-signature": sign(body).replace(/^./, (c) => (c === "a" ? "b" : "a")) }, data: metricAlert(`${identifier}-y`) });
  expect(forged.status()).toBe(401);

  const prisma = createPrismaClient(config().DATABASE_URL);
  try {
    const incidents = await prisma.incident.findMany({ where: { fingerprint: { startsWith: "sentry:metric:77:" + identifier } }, include: { timeline: true } });
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.runbookSlug).toBe("02-alerta-performance-degradada");
    expect(incidents[0]!.timeline.map((e) => e.kind)).toEqual(["alert", "alert"]);
  } finally {
    await prisma.$disconnect();
  }
});

test("the commander retries a dead-lettered payment from a runbook-03 incident, then resolves it", async ({ page }) => {
  test.setTimeout(90_000);
  const failed = await failPaymentIntoDlq("gateway-timeout-once");
  const connection = new Redis(config().REDIS_URL, { maxRetriesPerRequest: null });
  const payments = new Queue("payments", { connection, prefix: config().QUEUE_PREFIX });
  const dlq = new Queue("payments-dlq", { connection, prefix: config().QUEUE_PREFIX });
  const prisma = createPrismaClient(config().DATABASE_URL);
  try {
    await signInAs(page, "admin");
    const today = new Date().toISOString().slice(0, 10);
    const statsBefore = (await (await page.request.get(`/api/history/incidents?from=${today}&to=${today}`)).json()) as { total: { resolved: number } };

    const id = await openIncidentFromRunbook(page, "03-alerta-job-na-dlq", `Pagamento ${failed.jobId} na DLQ`);
    const row = page.locator(`[data-dlq-job="payments/${failed.jobId}"]`);
    await expect(row).toBeVisible();
    await expect(row.getByRole("link", { name: "ver no Bull Board" })).toHaveAttribute("href", `/admin/queues/queue/payments/${failed.jobId}`);
    // No reason, no action.
    await row.getByRole("button", { name: "Re-processar" }).click();
    await expect(row.getByRole("alert")).toContainText("motivo");
    await row.getByLabel("Motivo (obrigatório)").fill("gateway normalizado");
    await row.getByRole("button", { name: "Re-processar" }).dblclick();
    await expect(row.locator("[data-dlq-done]")).toBeVisible();

    // Really out of the DLQ, back in its queue and processed.
    expect(await dlq.getJob(deadLetterJobId("payments", failed.jobId))).toBeUndefined();
    await expect.poll(async () => (await payments.getJob(failed.jobId))?.getState(), { timeout: 15_000 }).toBe("completed");

    await expect(page.locator('[data-timeline] [data-kind="action"]')).toContainText("Motivo: gateway normalizado");
    const audit = await prisma.auditEvent.findMany({ where: { action: "job.retry", targetId: `payments/${failed.jobId}` } });
    expect(audit).toHaveLength(1);
    await page.goto("/audit");
    await expect(page.getByText(`payments/${failed.jobId}`).first()).toBeVisible();

    await page.goto(`/incidents/${id}`);
    await page.getByRole("button", { name: "Resolver" }).click();
    await expect(page.locator("[data-status]").first()).toHaveText("Resolvido");

    const statsAfter = (await (await page.request.get(`/api/history/incidents?from=${today}&to=${today}`)).json()) as { total: { resolved: number; mttrMinutes: number | null }; byRunbook: Array<{ key: string; resolved: number }> };
    expect(statsAfter.total.resolved).toBe(statsBefore.total.resolved + 1);
    expect(statsAfter.total.mttrMinutes).not.toBeNull();
    expect(statsAfter.byRunbook.find((r) => r.key === "03-alerta-job-na-dlq")?.resolved).toBeGreaterThanOrEqual(1);
  } finally {
    await prisma.$disconnect();
    await Promise.all([payments.close(), dlq.close()]);
    await connection.quit();
    await failed.stop();
  }
});

test("a second viewer sees notes and status changes live; a note is sanitised @mobile", async ({ page, browser }) => {
  await signInAs(page, "operator");
  const id = await openIncidentFromRunbook(page, "02-alerta-performance-degradada", "Lentidão no checkout");
  const viewerContext = await browser.newContext({ baseURL: E2E_BASE_URL });
  try {
    const viewer = await viewerContext.newPage();
    await signInAs(viewer, "viewer");
    await viewer.goto(`/incidents/${id}`);
    await expect(viewer.locator("[data-live=true]")).toBeVisible();

    await page.getByLabel("Nova nota (Markdown)").fill("**P95 em 812 ms** <img src=x onerror=alert(1)>");
    await page.getByRole("button", { name: "Adicionar nota" }).click();
    const note = viewer.locator('[data-timeline] [data-kind="note"]').first();
    await expect(note.locator("strong")).toHaveText("P95 em 812 ms");
    expect(await note.locator("img").count()).toBe(0);

    await page.getByRole("button", { name: "Reconhecer" }).click();
    await expect(viewer.locator("[data-status]").first()).toHaveText("Reconhecido");
    await expect(viewer.locator('[data-target="met"]')).toBeVisible();
    // The viewer cannot act.
    await expect(viewer.getByRole("button", { name: "Resolver" })).toHaveCount(0);
  } finally {
    await viewerContext.close();
  }
});
