import { expect, test } from "@playwright/test";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { config } from "@/lib/config";
import { DECLINED_CARD_ERROR, SMTP_ERROR } from "@/lib/queues/demo-workload";
import { deadLetterJobId, type DeadLetterPayload } from "@/lib/queues/dead-letter";
import { signInAs } from "./support/auth";
import { failPaymentIntoDlq } from "./support/workload";

const DLQ_RUNBOOK = "/runbooks/03-alerta-job-na-dlq";

test("runbook 03 shows the payments DLQ panel with the failed job and its error, already in the HTML", async ({
  page,
}) => {
  const failed = await failPaymentIntoDlq("card-declined");
  try {
    await signInAs(page, "viewer");
    const entryId = deadLetterJobId("payments", failed.jobId);

    // Server-rendered: the data is in the page before any script runs.
    const html = await (await page.request.get(DLQ_RUNBOOK)).text();
    expect(html).toContain(`data-job-id="${entryId}"`);
    expect(html).toContain(DECLINED_CARD_ERROR);

    await page.goto(DLQ_RUNBOOK);
    await expect(page.getByRole("heading", { level: 1, name: "Alerta: job crítico na DLQ" })).toBeVisible();
    const panel = page.locator('section[data-panel="dlq"][data-queue="payments"]');
    await expect(panel.getByRole("heading", { name: "DLQ: payments" })).toBeVisible();
    const entry = panel.locator(`[data-job-id="${entryId}"]`);
    await expect(entry).toBeVisible();
    await expect(entry.locator("[data-job-error]")).toHaveText(DECLINED_CARD_ERROR);
    await expect(entry).toContainText("capture-payment");
    await expect(entry.getByRole("link", { name: /Abrir no Bull Board/ })).toHaveAttribute(
      "href",
      `/admin/queues/queue/payments-dlq/${entryId}`,
    );
    await expect(entry.getByRole("link", { name: `Original: payments #${failed.jobId}` })).toHaveAttribute(
      "href",
      `/admin/queues/queue/payments/${failed.jobId}`,
    );

    // Data and stack are collapsed until asked for.
    const data = entry.locator("details").filter({ hasText: "Dados" });
    await expect(data.locator("pre")).toBeHidden();
    await data.locator("summary").click();
    await expect(data.locator("pre")).toContainText('"scenario": "card-declined"');

    // The original job is in the failed-jobs panel of the same page.
    await expect(
      page
        .locator('section[data-panel="failed-jobs"][data-queue="payments"]')
        .locator(`[data-job-id="${failed.jobId}"]`),
    ).toContainText(DECLINED_CARD_ERROR);

    // Live: the panel polls and says when it was refreshed; the opened details stay open.
    const updated = panel.locator("[data-updated-at]");
    await expect(updated).toContainText(/atualizado às \d\d:\d\d:\d\d/);
    const first = await updated.getAttribute("data-updated-at");
    await expect.poll(() => updated.getAttribute("data-updated-at"), { timeout: 12_000 }).not.toBe(first);
    await expect(data.locator("pre")).toBeVisible();
  } finally {
    await failed.stop();
  }
});

test("a DLQ panel pages through its entries and keeps the page while it refreshes", async ({ page }) => {
  // Twelve dead notifications: more than two pages of five.
  const connection = new Redis(config().REDIS_URL, { maxRetriesPerRequest: null });
  const dlq = new Queue("notifications-dlq", { connection, prefix: config().QUEUE_PREFIX });
  const run = Date.now().toString(36);
  try {
    for (let n = 0; n < 12; n++) {
      const payload: DeadLetterPayload = {
        queue: "notifications",
        jobId: `${run}-${n}`,
        name: "send-email",
        data: { to: `cliente${n}@exemplo.com.br`, template: "pagamento-confirmado" },
        failedReason: SMTP_ERROR,
        stacktrace: [`UnrecoverableError: ${SMTP_ERROR}`],
        attemptsMade: 1,
        failedAt: new Date().toISOString(),
      };
      await dlq.add("send-email", payload, { jobId: deadLetterJobId("notifications", `${run}-${n}`) });
    }
  } finally {
    await dlq.close();
    await connection.quit();
  }

  await signInAs(page, "viewer");
  await page.goto(DLQ_RUNBOOK);
  const panel = page.locator('section[data-panel="dlq"][data-queue="notifications"]');
  const entries = panel.locator("[data-job-id]");
  await expect(entries).toHaveCount(5);
  await expect(panel).toContainText(/Página 1 de \d+/);
  const firstPage = await entries.evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-job-id")));

  await panel.getByRole("button", { name: /Próxima/ }).click();
  await expect(panel).toContainText(/Página 2 de \d+/);
  await expect(panel).toContainText(/6–10 de/);
  const secondPage = await entries.evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-job-id")));
  expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);

  // The next poll refreshes page 2, not page 1.
  const updated = panel.locator("[data-updated-at]");
  const before = await updated.getAttribute("data-updated-at");
  await expect.poll(() => updated.getAttribute("data-updated-at"), { timeout: 12_000 }).not.toBe(before);
  await expect(panel).toContainText(/Página 2 de \d+/);

  await panel.getByRole("button", { name: /Anterior/ }).click();
  await expect(panel).toContainText(/Página 1 de \d+/);
  await expect(panel.getByRole("button", { name: /Anterior/ })).toBeDisabled();
});

test("the panels endpoint validates its query and answers JSON", async ({ page }) => {
  await signInAs(page, "viewer");
  const bad = await page.request.get("/api/panels?panel=dlq&queue=nope");
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { error: string }).error).toMatch(/fila "nope" não está configurada/);
  const unknown = await page.request.get("/api/panels?panel=queus");
  expect(unknown.status()).toBe(400);

  const ok = await page.request.get("/api/panels?panel=queues");
  expect(ok.status()).toBe(200);
  expect(ok.headers()["cache-control"]).toContain("no-store");
  const body = (await ok.json()) as { snapshot: { status: string; data: { queues: Array<{ name: string }> } } };
  expect(body.snapshot.status).toBe("ok");
  expect(body.snapshot.data.queues.map((q) => q.name)).toEqual(["payments", "notifications", "reports"]);
});

test("without Sentry settings the Sentry panel names the variables to set; the rest of the page is intact", async ({
  page,
}) => {
  await signInAs(page, "viewer");
  await page.goto("/runbooks/02-alerta-performance-degradada");
  const panel = page.locator('section[data-panel="sentry-performance"]');
  await expect(panel).toContainText("Sentry não configurado");
  await expect(panel).toContainText("SENTRY_ORG, SENTRY_AUTH_TOKEN");
  await expect(page.getByRole("heading", { name: "Passo 2: identificar o endpoint afetado" })).toBeVisible();
  await expect(page.locator('section[data-panel="health"] [data-dependency="redis"]')).toContainText("Operando");
});

test("an unknown runbook is a 404 page in Portuguese", async ({ page }) => {
  await signInAs(page, "viewer");
  const response = await page.goto("/runbooks/99-nao-existe");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Runbook não encontrado" })).toBeVisible();
  await page.getByRole("link", { name: "Ir para a biblioteca de runbooks" }).click();
  await expect(page).toHaveURL(/\/runbooks$/);
});

test("print view and ?panels=off show where the panels go without loading them", async ({ page }) => {
  await signInAs(page, "viewer");
  await page.goto(`${DLQ_RUNBOOK}?panels=off`);
  const panels = page.locator("section[data-panel]");
  await expect(panels).toHaveCount(5);
  for (const status of await panels.evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-status"))))
    expect(status).toBe("off");
  await expect(page.locator("[data-job-id]")).toHaveCount(0);

  await page.goto(DLQ_RUNBOOK);
  await page.getByRole("link", { name: "Versão para impressão" }).click();
  await expect(page).toHaveURL(/\?print=1$/);
  await expect(page.getByRole("button", { name: "Imprimir" })).toBeVisible();
  await expect(page.locator('section[data-panel="dlq"]').first()).toHaveAttribute("data-status", "off");
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Imprimir" })).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Principal" })).toBeHidden();
  await expect(page.getByRole("heading", { name: "Passo 2: inspecionar os dados e o erro do job" })).toBeVisible();
});

test("library: '/' focuses the search, 'manutencao' finds the 'Manutenção' runbooks, arrows walk the results", async ({
  page,
}) => {
  await signInAs(page, "viewer");
  await page.goto("/runbooks");
  await expect(page.getByRole("heading", { level: 1, name: "Runbooks" })).toBeVisible();
  await expect(page.locator("form[role=search]")).toHaveAttribute("data-keyboard", "ready");
  await page.keyboard.press("/");
  const search = page.getByRole("searchbox", { name: "Buscar runbooks" });
  await expect(search).toBeFocused();
  await search.fill("manutencao");
  await search.press("Enter");
  await expect(page).toHaveURL(/[?&]q=manutencao/);
  const results = page.locator("[data-library-result]");
  await expect(results.first()).toBeVisible();
  const titles = await results.allInnerTexts();
  expect(titles).toEqual(expect.arrayContaining(["Manutenção semanal", "Manutenção mensal", "Manutenção trimestral"]));
  for (const title of titles.slice(0, 3)) expect(title).toMatch(/Manutenção/);

  await search.focus();
  await page.keyboard.press("ArrowDown");
  await expect(results.nth(0)).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(results.nth(1)).toBeFocused();
  const target = await results.nth(1).getAttribute("href");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`${target}$`));
});

test("library: kind filter through the URL, and the empty state says what to do", async ({ page }) => {
  await signInAs(page, "viewer");
  await page.goto("/runbooks?kind=checklist");
  await expect(page.getByLabel("Tipo")).toHaveValue("checklist");
  const kinds = page.locator("[data-testid=library-results] [data-kind]");
  await expect(kinds.first()).toBeVisible();
  expect(new Set(await kinds.evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-kind"))))).toEqual(
    new Set(["checklist"]),
  );
  await expect(page.locator("[data-library-result]")).toHaveCount(4);

  // Changing a filter submits the form: the URL is always the view to share.
  await page.getByLabel("Tipo").selectOption("procedure");
  await expect(page).toHaveURL(/kind=procedure/);
  await expect(page.locator("[data-library-result]").first()).toBeVisible();

  await page.goto("/runbooks?q=zzz-nada-disso&kind=alert");
  await expect(page.getByTestId("library-empty")).toContainText("Nenhum runbook encontrado");
  await expect(page.getByRole("link", { name: "veja todos os runbooks" })).toHaveAttribute("href", "/runbooks");
});

test("a runbook page fits a phone: no sideways scrolling, panels readable @mobile", async ({ page }) => {
  const failed = await failPaymentIntoDlq("gateway-timeout");
  try {
    await signInAs(page, "viewer");
    await page.goto(DLQ_RUNBOOK);
    await expect(page.locator('section[data-panel="dlq"][data-queue="payments"] [data-job-id]').first()).toBeVisible();
    const [scrollWidth, viewport] = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      window.innerWidth,
    ]);
    expect(scrollWidth).toBeLessThanOrEqual(viewport);
    await page.goto("/runbooks");
    const [libraryWidth, libraryViewport] = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      window.innerWidth,
    ]);
    expect(libraryWidth).toBeLessThanOrEqual(libraryViewport);
  } finally {
    await failed.stop();
  }
});

test("a page's live panels refresh together in one request per poll; a code block's copy button copies", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signInAs(page, "operator");
  const panelRequests: URL[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/api/panels")) panelRequests.push(url);
  });
  await page.goto("/runbooks/01-monitoramento-diario");
  const panels = await page.locator("section[data-panel]").count();
  expect(panels).toBeGreaterThan(5);

  await expect.poll(() => panelRequests.length, { timeout: 12_000 }).toBeGreaterThan(0);
  const [poll] = panelRequests;
  expect(poll!.pathname).toBe("/api/panels/batch");
  expect(poll!.searchParams.getAll("p")).toHaveLength(panels);
  const response = await page.request.get(poll!.toString());
  expect(response.status()).toBe(200);
  expect(((await response.json()) as { panels: unknown[] }).panels).toHaveLength(panels);

  // Code blocks arrive as static HTML; one listener handles their copy buttons.
  const copy = page.locator("article [data-copy-button]").first();
  const code = (await copy.locator("xpath=..").locator("pre").innerText()).replace(/\n$/, "");
  expect(code.length).toBeGreaterThan(0);
  await copy.click();
  await expect(copy).toHaveText("Copiado");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
  await expect(copy).toHaveText("Copiar", { timeout: 5000 });
});
