import { createHmac, randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { config } from "@/lib/config";
import { createPrismaClient } from "@/lib/db/client";
import { deadLetterJobId } from "@/lib/queues/dead-letter";
import { E2E_BASE_URL, signInAs } from "./support/auth";
import { failPaymentIntoDlq } from "./support/workload";

// The incident flow end to end: alert webhooks (Sentry, Alertmanager) open and dedupe incidents; the
// commander retries a DLQ job from the incident page and resolves it, and the history area's
// MTTR counts it; a second viewer sees notes, status changes and runbook steps live; a long
// timeline is paged.

const SECRET = process.env.SENTRY_WEBHOOK_SECRET ?? "";
const TOKEN = process.env.ALERTMANAGER_TOKEN ?? "";

function metricAlert(identifier: string, measured = "812 ms") {
  return JSON.stringify({
    action: "critical",
    data: {
      metric_alert: {
        id: identifier,
        identifier,
        title: "P95 > 750ms",
        alert_rule: { id: 77, name: "P95 > 750ms", aggregate: "p95(span.duration)" },
      },
      description_title: `Critical: P95 > 750ms on /api/checkout (${identifier})`,
      description_text: `${measured} in the last 5 minutes`,
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

test("a signed Sentry metric alert opens an incident on runbook 02; news appends, a replay or a stale one does not; unsigned is 401", async ({
  request,
}) => {
  test.skip(!SECRET, "SENTRY_WEBHOOK_SECRET is not set for the e2e portal (scripts/test.ts sets it)");
  const identifier = randomBytes(6).toString("hex");
  const body = metricAlert(identifier);
  const now = () => String(Math.floor(Date.now() / 1000));
  const headers = (requestId: string, signed = body, timestamp = now()) => ({
    "content-type": "application/json",
    "sentry-hook-resource": "metric_alert",
    "request-id": requestId,
    "sentry-hook-timestamp": timestamp,
    "sentry-hook-signature": sign(signed),
  });

  const first = await request.post("/api/webhooks/sentry", { headers: headers(`req-${identifier}-1`), data: body });
  expect(first.status()).toBe(201);
  const opened = (await first.json()) as { outcome: string; incidentId: string; runbookSlug: string };
  expect(opened).toMatchObject({ outcome: "opened", runbookSlug: "02-alerta-performance-degradada" });

  const news = metricAlert(identifier, "903 ms");
  const second = await request.post("/api/webhooks/sentry", {
    headers: headers(`req-${identifier}-2`, news),
    data: news,
  });
  expect(second.status()).toBe(200);
  expect(await second.json()).toMatchObject({ outcome: "appended", incidentId: opened.incidentId });

  // The first delivery captured and sent again: a fresh Request-ID does not make it new.
  const replay = await request.post("/api/webhooks/sentry", {
    headers: headers(`req-${identifier}-replay`),
    data: body,
  });
  expect(replay.status()).toBe(200);
  expect(await replay.json()).toMatchObject({ outcome: "replayed", incidentId: opened.incidentId });
  const stale = await request.post("/api/webhooks/sentry", {
    headers: headers(`req-${identifier}-1970`, metricAlert(identifier, "1 ms"), "0"),
    data: metricAlert(identifier, "1 ms"),
  });
  expect(stale.status()).toBe(401);
  expect(((await stale.json()) as { error: string }).error).toMatch(/Sentry-Hook-Timestamp/);

  const unsigned = await request.post("/api/webhooks/sentry", {
    headers: { "content-type": "application/json", "sentry-hook-resource": "metric_alert" },
    data: metricAlert(`${identifier}-x`),
  });
  expect(unsigned.status()).toBe(401);
  expect(((await unsigned.json()) as { error: string }).error).toMatch(/Assinatura ausente/);
  const forged = await request.post("/api/webhooks/sentry", {
    headers: {
      ...headers("req-forged"),
      "sentry-hook-signature": sign(body).replace(/^./, (c) => (c === "a" ? "b" : "a")),
    },
    data: metricAlert(`${identifier}-y`),
  });
  expect(forged.status()).toBe(401);

  const prisma = createPrismaClient(config().DATABASE_URL);
  try {
    const incidents = await prisma.incident.findMany({
      where: { fingerprint: { startsWith: "sentry:metric:77:" + identifier } },
      include: { timeline: true },
    });
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.runbookSlug).toBe("02-alerta-performance-degradada");
    expect(incidents[0]!.timeline.map((e) => e.kind)).toEqual(["alert", "alert"]);
  } finally {
    await prisma.$disconnect();
  }
});

test("an Alertmanager delivery with the bearer token opens an incident on runbook 03; a repeat appends; a wrong token is 401", async ({
  request,
}) => {
  test.skip(!TOKEN, "ALERTMANAGER_TOKEN is not set for the e2e portal (scripts/test.ts sets it)");
  const fingerprint = randomBytes(6).toString("hex");
  const delivery = (fp: string) => ({
    version: "4",
    status: "firing",
    receiver: "ops-portal",
    groupKey: `{}:{alertname="DeadLetterQueueNotEmpty"}`,
    alerts: [
      {
        status: "firing",
        labels: { alertname: "DeadLetterQueueNotEmpty", queue: "payments", dlq: "payments-dlq", severity: "warning" },
        annotations: { summary: `DLQ payments-dlq com 1 job (${fp})` },
        startsAt: new Date().toISOString(),
        generatorURL: "http://prometheus.example/graph?g0.expr=bullmq_dlq_size",
        fingerprint: fp,
      },
    ],
  });
  const post = (authorization: string | null, data: unknown) =>
    request.post("/api/webhooks/alertmanager", {
      headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
      data,
    });

  const first = await post(`Bearer ${TOKEN}`, delivery(fingerprint));
  expect(first.status()).toBe(200);
  const [opened] = (
    (await first.json()) as { results: Array<{ outcome: string; incidentId: string; runbookSlug: string }> }
  ).results;
  expect(opened).toMatchObject({ outcome: "opened", runbookSlug: "03-alerta-job-na-dlq" });

  // Alertmanager re-sends the group on every repeat_interval.
  const repeat = await post(`Bearer ${TOKEN}`, delivery(fingerprint));
  expect(((await repeat.json()) as { results: unknown[] }).results).toEqual([
    expect.objectContaining({ outcome: "appended", incidentId: opened!.incidentId }),
  ]);

  const wrong = await post(`Bearer ${TOKEN}x`, delivery(`${fingerprint}-wrong`));
  expect(wrong.status()).toBe(401);
  expect(((await wrong.json()) as { error: string }).error).toBe("Token inválido.");
  expect((await post(null, delivery(`${fingerprint}-none`))).status()).toBe(401);
  const malformed = await post(`Bearer ${TOKEN}`, { status: "firing", alerts: [{ status: "firing", labels: {} }] });
  expect(malformed.status()).toBe(400);

  const prisma = createPrismaClient(config().DATABASE_URL);
  try {
    const incidents = await prisma.incident.findMany({
      where: { fingerprint: { startsWith: `alertmanager:${fingerprint}` } },
      include: { timeline: true },
    });
    expect(incidents.map((i) => [i.fingerprint, i.runbookSlug, i.source, i.timeline.map((e) => e.kind)])).toEqual([
      [`alertmanager:${fingerprint}`, "03-alerta-job-na-dlq", "alertmanager", ["alert", "alert"]],
    ]);
    const audit = await prisma.auditEvent.findMany({ where: { targetId: opened!.incidentId }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.actorLabel, a.action])).toEqual([
      ["webhook:alertmanager", "webhook.opened"],
      ["webhook:alertmanager", "webhook.appended"],
    ]);
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
    const statsBefore = (await (await page.request.get(`/api/history/incidents?from=${today}&to=${today}`)).json()) as {
      total: { resolved: number };
    };

    const id = await openIncidentFromRunbook(page, "03-alerta-job-na-dlq", `Pagamento ${failed.jobId} na DLQ`);
    const row = page.locator(`[data-dlq-job="payments/${failed.jobId}"]`);
    await expect(row).toBeVisible();
    await expect(row.getByRole("link", { name: "ver no Bull Board" })).toHaveAttribute(
      "href",
      `/admin/queues/queue/payments/${failed.jobId}`,
    );
    // No reason, no action.
    await row.getByRole("button", { name: "Reprocessar" }).click();
    await expect(row.getByRole("alert")).toContainText("motivo");
    await row.getByLabel("Motivo (obrigatório)").fill("gateway normalizado");
    await row.getByRole("button", { name: "Reprocessar" }).dblclick();
    await expect(row.locator("[data-dlq-done]")).toBeVisible();

    // Really out of the DLQ, back in its queue and processed.
    expect(await dlq.getJob(deadLetterJobId("payments", failed.jobId))).toBeUndefined();
    await expect
      .poll(async () => (await payments.getJob(failed.jobId))?.getState(), { timeout: 15_000 })
      .toBe("completed");

    await expect(page.locator('[data-timeline] [data-kind="action"]')).toContainText("Motivo: gateway normalizado");
    const audit = await prisma.auditEvent.findMany({
      where: { action: "job.retry", targetId: `payments/${failed.jobId}` },
    });
    expect(audit).toHaveLength(1);
    await page.goto("/audit");
    await expect(page.getByText(`payments/${failed.jobId}`).first()).toBeVisible();

    await page.goto(`/incidents/${id}`);
    // The runbook's title once (the header's link), the zone of the page's times once, UTC on hover.
    await expect(page.getByRole("link", { name: "Alerta: job crítico na DLQ", exact: true })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Alerta: job crítico na DLQ", exact: true })).toHaveCount(0);
    await expect(page.locator("[data-time-zone]")).toHaveCount(1);
    await expect(page.locator("[data-time-zone]")).toContainText(`Horários em ${config().TIMEZONE} (UTC`);
    await expect(page.locator("[data-timeline] time").first()).toHaveAttribute(
      "title",
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/,
    );
    // Resolving without a reason is refused by the server, and the page asks for one before sending.
    const bare = await page.request.post(`/api/incidents/${id}/status`, {
      headers: { origin: E2E_BASE_URL },
      data: { to: "resolved", idempotencyKey: crypto.randomUUID() },
    });
    expect(bare.status()).toBe(400);
    expect(JSON.stringify(await bare.json())).toContain("motivo obrigatório para resolver");
    await page.getByRole("button", { name: "Resolver" }).click();
    await page.getByRole("button", { name: "Confirmar resolução" }).click();
    await expect(page.locator("[data-resolve-confirm]").getByRole("alert")).toContainText("motivo da resolução");
    await expect(page.locator("[data-status]").first()).not.toHaveText("Resolvido");
    await page.getByLabel("Motivo da resolução (obrigatório)").fill("DLQ vazia, gateway normalizado");
    await page.getByRole("button", { name: "Confirmar resolução" }).click();
    await expect(page.locator("[data-status]").first()).toHaveText("Resolvido");
    await expect(page.locator('[data-timeline] [data-kind="status"]').first()).toContainText(
      "DLQ vazia, gateway normalizado",
    );
    // The escalation stops counting: it says when it was resolved and how long it lasted.
    await page.reload();
    await expect(page.locator("[data-resolved-for]")).toContainText(/Resolvido em .* · duração /);
    await expect(page.getByText("Aberto há")).toHaveCount(0);

    const statsAfter = (await (await page.request.get(`/api/history/incidents?from=${today}&to=${today}`)).json()) as {
      total: { resolved: number; mttrMinutes: number | null };
      byRunbook: Array<{ key: string; resolved: number }>;
    };
    expect(statsAfter.total.resolved).toBe(statsBefore.total.resolved + 1);
    expect(statsAfter.total.mttrMinutes).not.toBeNull();
    expect(statsAfter.byRunbook.find((r) => r.key === "03-alerta-job-na-dlq")?.resolved).toBeGreaterThanOrEqual(1);

    // The same figures in the history area, beside the checklist history; the old address redirects there.
    await page.goto(`/incidents/reports?from=${today}&to=${today}`);
    await expect(page).toHaveURL(`/history/incidents?from=${today}&to=${today}`);
    await expect(
      page.getByRole("navigation", { name: "Relatórios do histórico" }).getByRole("link", { name: "Incidentes" }),
    ).toHaveAttribute("aria-current", "page");
    await expect(
      page.locator('[data-stats="by-runbook"] [data-key="03-alerta-job-na-dlq"] [data-mttr]'),
    ).not.toHaveText(/^—/);
    await expect(page.locator("[data-total]")).toContainText(`MTTR ${statsAfter.total.mttrMinutes} min`);
    const csv = await page.request.get(`/api/history/incidents/export?from=${today}&to=${today}`);
    expect(await csv.text()).toContain(`Pagamento ${failed.jobId} na DLQ`);
    await page.getByRole("link", { name: "Checklists" }).click();
    await expect(page).toHaveURL(/\/history\/checklists/);
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

test("the commander ticks a runbook step; a second viewer sees it live; a reload keeps it", async ({
  page,
  browser,
}) => {
  await signInAs(page, "operator");
  const id = await openIncidentFromRunbook(page, "03-alerta-job-na-dlq", "Passos do runbook ao vivo");
  const viewerContext = await browser.newContext({ baseURL: E2E_BASE_URL });
  const prisma = createPrismaClient(config().DATABASE_URL);
  try {
    const viewer = await viewerContext.newPage();
    await signInAs(viewer, "viewer");
    await viewer.goto(`/incidents/${id}`);
    await expect(viewer.locator("[data-live=true]")).toBeVisible();
    const mine = page.locator('[data-incident-step="assumir"]');
    const theirs = viewer.locator('[data-incident-step="assumir"]');
    await expect(theirs.getByRole("checkbox")).not.toBeChecked();
    // A viewer sees the state, read-only.
    await expect(theirs.getByRole("checkbox")).toBeDisabled();
    await expect(viewer.getByText("Passos do runbook: somente leitura para o seu perfil.")).toBeVisible();
    const total = await page.locator("[data-incident-step]").count();
    expect(total).toBeGreaterThan(1);

    await mine.getByRole("checkbox").check();
    await expect(mine).toHaveAttribute("data-saved", "true");
    await expect(theirs.getByRole("checkbox")).toBeChecked();
    await expect(theirs.locator("[data-step-by]")).toContainText("Marcado por E2E operator");
    await expect(viewer.locator(`[data-steps-progress="1/${total}"]`)).toBeVisible();
    await expect(viewer.locator('[data-timeline] [data-kind="step"]').first()).toContainText(
      "Passo feito: Assuma o incidente",
    );

    await page.reload();
    await expect(page.locator('[data-incident-step="assumir"]').getByRole("checkbox")).toBeChecked();
    await expect(page.locator('[data-incident-step="inspecionar"]').getByRole("checkbox")).not.toBeChecked();

    // Unticking is recorded too, and reaches the viewer.
    await page.locator('[data-incident-step="assumir"]').getByRole("checkbox").uncheck();
    await expect(theirs.getByRole("checkbox")).not.toBeChecked();
    await expect(viewer.locator('[data-timeline] [data-kind="step"]').first()).toContainText("Passo desmarcado");

    const entries = await prisma.timelineEntry.findMany({
      where: { incidentId: id, kind: "step" },
      orderBy: { createdAt: "asc" },
    });
    expect(entries.map((e) => (e.data as { itemId: string; action: string }).action)).toEqual(["tick", "untick"]);
    expect(
      entries.every(
        (e) =>
          (e.data as { itemId: string }).itemId === "assumir" &&
          typeof (e.data as { runbookVersion: unknown }).runbookVersion === "string",
      ),
    ).toBe(true);
    expect(await prisma.auditEvent.count({ where: { targetId: id, action: { startsWith: "incident.step." } } })).toBe(
      2,
    );
  } finally {
    await prisma.$disconnect();
    await viewerContext.close();
  }
});

test("a long timeline shows the newest 100 entries, loads older ones on demand, and new ones still arrive live", async ({
  page,
}) => {
  await signInAs(page, "operator");
  const id = await openIncidentFromRunbook(page, "02-alerta-performance-degradada", "Linha do tempo longa");
  const prisma = createPrismaClient(config().DATABASE_URL);
  try {
    const opened = await prisma.incident.findUniqueOrThrow({ where: { id } });
    await prisma.timelineEntry.createMany({
      data: Array.from({ length: 150 }, (_, i) => ({
        incidentId: id,
        kind: "note" as const,
        body: `Nota antiga ${i}`,
        createdAt: new Date(opened.openedAt.getTime() + 1 + i),
      })),
    });
  } finally {
    await prisma.$disconnect();
  }
  await page.reload();
  const items = page.locator("[data-timeline] > li");
  await expect(items).toHaveCount(100);
  await expect(page.locator("[data-timeline-count]")).toHaveText("(151)");
  await expect(items.first()).toContainText("Nota antiga 149");

  await page.getByRole("button", { name: "Carregar anteriores" }).click();
  await expect(items).toHaveCount(151);
  await expect(items.last()).toHaveAttribute("data-kind", "status");
  await expect(page.getByRole("button", { name: "Carregar anteriores" })).toHaveCount(0);

  await page.getByLabel("Nova nota (Markdown)").fill("Nota nova depois da paginação");
  await page.getByRole("button", { name: "Adicionar nota" }).click();
  await expect(items).toHaveCount(152);
  await expect(items.first()).toContainText("Nota nova depois da paginação");
  await expect(page.locator("[data-timeline-count]")).toHaveText("(152)");
});

test("a 429 with Retry-After is not final: the step and the status change are retried with the same key and saved once", async ({
  page,
}) => {
  await signInAs(page, "operator");
  const id = await openIncidentFromRunbook(page, "03-alerta-job-na-dlq", "Limite de requisições");
  const keys: Record<string, string[]> = { steps: [], status: [] };
  for (const path of ["steps", "status"] as const) {
    await page.route(`**/api/incidents/${id}/${path}`, async (route) => {
      keys[path]!.push((route.request().postDataJSON() as { idempotencyKey: string }).idempotencyKey);
      // The first attempt is throttled; the retry reaches the portal.
      if (keys[path]!.length === 1) {
        await route.fulfill({
          status: 429,
          contentType: "application/json",
          headers: { "retry-after": "1" },
          body: JSON.stringify({ error: "Muitas requisições; tente de novo em 1 s." }),
        });
      } else await route.continue();
    });
  }
  const prisma = createPrismaClient(config().DATABASE_URL);
  try {
    const step = page.locator('[data-incident-step="assumir"]');
    await step.getByRole("checkbox").check();
    await expect(step).toContainText("não salvo ainda");
    await expect(step).toHaveAttribute("data-saved", "true", { timeout: 10_000 });
    await expect(step.getByRole("checkbox")).toBeChecked();
    await expect(step.getByRole("alert")).toHaveCount(0);

    await page.getByRole("button", { name: "Reconhecer" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Nova tentativa automática" })).toContainText(
      "Muitas requisições",
    );
    await expect(page.locator("[data-status]").first()).toHaveText("Reconhecido", { timeout: 10_000 });
    await expect(page.getByRole("alert").filter({ hasText: "Muitas requisições" })).toHaveCount(0);

    for (const sent of Object.values(keys)) {
      expect(sent).toHaveLength(2);
      expect(sent[1]).toBe(sent[0]);
    }
    expect(await prisma.timelineEntry.count({ where: { incidentId: id, kind: "step" } })).toBe(1);
    expect(await prisma.incident.findUniqueOrThrow({ where: { id }, select: { status: true } })).toEqual({
      status: "acknowledged",
    });
  } finally {
    await prisma.$disconnect();
  }
});
