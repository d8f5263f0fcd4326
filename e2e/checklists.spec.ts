import { expect, test, type Page } from "@playwright/test";
import { config } from "@/lib/config";
import { createLocalUser } from "@/lib/auth/users";
import { createPrismaClient } from "@/lib/db/client";
import { ensureDatabase, migrate } from "@/tools/db/migrations";
import { E2E_BASE_URL, ensureUser, signInAs, signInRequest } from "./support/auth";
import { startPrivatePostgres } from "./support/postgres";
import { startPortal } from "./support/processes";

const SLUG = "01-monitoramento-diario";
const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: config().TIMEZONE }).format(new Date());

const item = (page: Page, id: string) => page.locator(`li[data-item-id="${id}"]`);
const box = (page: Page, id: string) => item(page, id).getByRole("checkbox");
/** Carries data-saved="false" while the item has a tick the server has not confirmed. */
const state = (page: Page, id: string) => page.locator(`[data-checklist-item="${id}"]`);

test("two operators see each other's ticks live; the history calendar follows", async ({ browser }) => {
  test.setTimeout(120_000);
  const [alice, bruno] = await Promise.all([ensureUser("operator", "op-alice"), ensureUser("operator", "op-bruno")]);
  const ctxA = await browser.newContext({ baseURL: E2E_BASE_URL });
  const ctxB = await browser.newContext({ baseURL: E2E_BASE_URL });
  try {
    await signInRequest(ctxA.request, alice);
    await signInRequest(ctxB.request, bruno);
    const a = await ctxA.newPage();
    const b = await ctxB.newPage();
    await Promise.all([a.goto(`/runbooks/${SLUG}`), b.goto(`/runbooks/${SLUG}`)]);
    await expect(a.getByRole("heading", { name: `Execução de ${today()}` })).toBeVisible();
    await expect(b.locator("[data-checklist-live]")).toHaveAttribute("data-checklist-live", "on");

    await item(a, "saude").getByText("Nota", { exact: true }).click();
    await item(a, "saude").getByRole("textbox").fill("Tudo verde; latência do PostgreSQL 3 ms");
    await box(a, "saude").check();
    await expect(state(a, "saude")).toHaveAttribute("data-saved", "true");
    await expect(item(a, "saude")).toContainText("Marcado por E2E op-alice");

    // Bruno sees it without reloading.
    await expect(box(b, "saude")).toBeChecked({ timeout: 3000 });
    await expect(item(b, "saude")).toContainText("Tudo verde; latência do PostgreSQL 3 ms");
    await expect(item(b, "saude")).toContainText("Marcado por E2E op-alice");

    await Promise.all([a.reload(), b.reload()]);
    for (const page of [a, b]) {
      await expect(box(page, "saude")).toBeChecked();
      await expect(item(page, "saude")).toContainText("Tudo verde");
    }

    const manager = await ctxA.browser()!.newContext({ baseURL: E2E_BASE_URL });
    const m = await manager.newPage();
    await signInAs(m, "manager");
    const history = `/history/checklists?checklist=${SLUG}`;
    await m.goto(history);
    const cell = m.locator(`[data-history-checklist="${SLUG}"] [data-period="${today()}"]`);
    await expect(cell).toHaveAttribute("data-status", "open");
    await expect(cell).toContainText("Em andamento");

    // Every required item, ticked by Bruno.
    const required = b.locator('li[data-optional="false"][data-item-id]');
    const ids = await required.evaluateAll((els) => els.map((el) => el.getAttribute("data-item-id")!));
    for (const id of ids) if (!(await box(b, id).isChecked())) await box(b, id).check();
    for (const id of ids) await expect(state(b, id)).toHaveAttribute("data-saved", "true");
    await expect(b.locator("[data-run-status]")).toHaveAttribute("data-run-status", /^(done|late)$/);
    await expect(a.locator("[data-run-status]")).toHaveAttribute("data-run-status", /^(done|late)$/);

    await m.goto(history);
    await expect(cell).toHaveAttribute("data-status", /^(done|late)$/);
    await expect(cell).toContainText(/Concluído/);
    await expect(cell).toContainText("por E2E op-bruno");
    await manager.close();
  } finally {
    await ctxA.close();
    await ctxB.close();
  }
});

test("a note written after the tick is saved on its own, reaches another operator live, survives a reload and is edited by its author", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const [carla, davi] = await Promise.all([ensureUser("operator", "op-carla"), ensureUser("operator", "op-davi")]);
  const ctxA = await browser.newContext({ baseURL: E2E_BASE_URL });
  const ctxB = await browser.newContext({ baseURL: E2E_BASE_URL });
  try {
    await signInRequest(ctxA.request, carla);
    await signInRequest(ctxB.request, davi);
    const a = await ctxA.newPage();
    const b = await ctxB.newPage();
    await Promise.all([a.goto(`/runbooks/${SLUG}`), b.goto(`/runbooks/${SLUG}`)]);
    for (const page of [a, b])
      await expect(page.locator("[data-checklist-live]")).toHaveAttribute("data-checklist-live", "on");

    // Ticked first, with no note.
    if (!(await box(a, "painel-filas").isChecked())) await box(a, "painel-filas").check();
    await expect(state(a, "painel-filas")).toHaveAttribute("data-saved", "true");

    // Then the numbers, written down afterwards: "não salvo ainda" until the server has them.
    const first = `Fila principal: 120 jobs (${Date.now()})`;
    await item(a, "painel-filas").getByText("Nota", { exact: true }).click();
    await item(a, "painel-filas").getByRole("textbox").fill(first);
    await expect(item(a, "painel-filas")).toContainText("não salvo ainda");
    await expect(state(a, "painel-filas")).toHaveAttribute("data-saved", "true", { timeout: 10_000 });
    await expect(item(a, "painel-filas")).not.toContainText("não salvo ainda");
    const own = (page: Page) => item(page, "painel-filas").locator("[data-note]").filter({ hasText: "E2E op-carla" });
    await expect(own(a)).toContainText(first);

    // Davi sees it without reloading, and cannot edit it: his field is his own note.
    await expect(own(b)).toContainText(first, { timeout: 3000 });
    await expect(own(b)).toContainText("Nota de E2E op-carla");

    // Carla corrects it; the edit reaches Davi live, marked as edited.
    const second = `${first}, 80 depois do deploy`;
    await item(a, "painel-filas").getByRole("textbox").fill(second);
    await expect(state(a, "painel-filas")).toHaveAttribute("data-saved", "true", { timeout: 10_000 });
    await expect(own(b)).toContainText(second, { timeout: 3000 });
    await expect(own(b)).toContainText("(editada)");
    await expect(item(b, "painel-filas").locator("[data-note]").filter({ hasText: first })).toHaveCount(1);

    await Promise.all([a.reload(), b.reload()]);
    await expect(own(a)).toContainText(second);
    await expect(own(b)).toContainText(second);
    await expect(item(a, "painel-filas").getByRole("textbox")).toHaveValue(second);
    await item(b, "painel-filas").getByText("Nota", { exact: true }).click();
    await expect(item(b, "painel-filas").getByRole("textbox")).toHaveValue("");
    await expect(state(a, "painel-filas")).toHaveAttribute("data-saved", "true");

    // The manager's view of the run shows the note, edited.
    const runId = await a.locator("[data-run-id]").getAttribute("data-run-id");
    const manager = await browser.newContext({ baseURL: E2E_BASE_URL });
    try {
      const m = await manager.newPage();
      await signInAs(m, "manager");
      await m.goto(`/history/checklists/runs/${runId}`);
      await expect(m.locator("[data-note]").filter({ hasText: second })).toContainText("Nota de E2E op-carla");
      await expect(m.locator("[data-note]").filter({ hasText: second })).toContainText("(editada)");
    } finally {
      await manager.close();
    }
  } finally {
    await ctxA.close();
    await ctxB.close();
  }
});

test("with the database stopped a tick is 'não salvo ainda', then saved exactly once when it is back", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const pg = await startPrivatePostgres();
  let portal: Awaited<ReturnType<typeof startPortal>> | null = null;
  try {
    await ensureDatabase(pg.url);
    await migrate(pg.url);
    const user = {
      email: "e2e.offline@exemplo.com.br",
      password: "e2e-offline-password-123",
      name: "E2E offline",
      role: "operator" as const,
    };
    const prisma = createPrismaClient(pg.url);
    try {
      await createLocalUser(prisma, user, { id: null, label: "e2e" });
    } finally {
      await prisma.$disconnect();
    }
    portal = await startPortal({ DATABASE_URL: pg.url });
    await signInRequest(page.request, user, portal.url);
    await page.goto(`${portal.url}/runbooks/${SLUG}`);
    await expect(page.locator("[data-run-id]")).toBeVisible();
    await expect(page.locator("[data-checklist-live]")).toHaveAttribute("data-checklist-live", "on");

    pg.stop();
    await box(page, "dlq-tamanho").check();
    await expect(item(page, "dlq-tamanho")).toContainText("não salvo ainda");
    await expect(state(page, "dlq-tamanho")).toHaveAttribute("data-saved", "false");
    // Still not saved a few retries later.
    await page.waitForTimeout(3000);
    await expect(item(page, "dlq-tamanho")).toContainText("não salvo ainda");
    await expect(box(page, "dlq-tamanho")).toBeChecked();

    pg.start();
    await expect(state(page, "dlq-tamanho")).toHaveAttribute("data-saved", "true", { timeout: 45_000 });
    await expect(item(page, "dlq-tamanho")).not.toContainText("não salvo ainda");
    await expect(item(page, "dlq-tamanho")).toContainText("Marcado por E2E offline");

    const check = createPrismaClient(pg.url);
    try {
      expect(await check.checklistTick.count({ where: { itemId: "dlq-tamanho" } })).toBe(1);
    } finally {
      await check.$disconnect();
    }
    // And after a reload nothing is re-sent.
    await page.reload();
    await expect(box(page, "dlq-tamanho")).toBeChecked();
    await expect(state(page, "dlq-tamanho")).toHaveAttribute("data-saved", "true");

    // A note written while the database is down stays in the outbox through a reload, then is saved once.
    pg.stop();
    await item(page, "dlq-tamanho").getByText("Nota", { exact: true }).click();
    await item(page, "dlq-tamanho").getByRole("textbox").fill("payments-dlq: 3 jobs");
    await expect(item(page, "dlq-tamanho")).toContainText("não salvo ainda");
    await page.waitForTimeout(2500);
    await page.reload();
    await expect(item(page, "dlq-tamanho")).toContainText("não salvo ainda", { timeout: 30_000 });
    pg.start();
    await expect(state(page, "dlq-tamanho")).toHaveAttribute("data-saved", "true", { timeout: 45_000 });
    await expect(item(page, "dlq-tamanho").locator("[data-note]")).toContainText("payments-dlq: 3 jobs");
    const notes = createPrismaClient(pg.url);
    try {
      expect(await notes.checklistNoteEdit.count()).toBe(1);
      expect((await notes.checklistNote.findFirstOrThrow()).text).toBe("payments-dlq: 3 jobs");
    } finally {
      await notes.$disconnect();
    }
  } finally {
    await portal?.stop();
    pg.destroy();
  }
});

test("a viewer sees the run read-only; a refused tick shows the server's message and reverts", async ({
  page,
  browser,
}) => {
  await signInAs(page, "viewer");
  await page.goto(`/runbooks/${SLUG}`);
  await expect(page.locator("[data-run-id]")).toBeVisible();
  await expect(box(page, "registro")).toBeDisabled();
  await expect(page.getByText("Somente leitura: seu perfil não permite marcar itens.")).toBeVisible();
  await expect(item(page, "registro").getByRole("textbox")).toHaveCount(0);

  const ctx = await browser.newContext({ baseURL: E2E_BASE_URL });
  try {
    const operator = await ctx.newPage();
    await signInAs(operator, "operator");
    // The server refusing the tick (e.g. the period just closed): nothing is kept or retried.
    await operator.route("**/ticks", (route) =>
      route.fulfill({
        status: 409,
        contentType: "application/json",
        body: JSON.stringify({ error: "Esta execução é de um período encerrado." }),
      }),
    );
    await operator.goto(`/runbooks/${SLUG}`);
    await expect(operator.locator("[data-checklist-live]")).toHaveAttribute("data-checklist-live", "on");
    const before = await box(operator, "recursos").isChecked();
    await box(operator, "recursos").click();
    await expect(item(operator, "recursos").getByRole("alert")).toContainText(
      "Esta execução é de um período encerrado.",
    );
    await expect(box(operator, "recursos")).toBeChecked({ checked: before });
    await expect(state(operator, "recursos")).toHaveAttribute("data-saved", "true");
  } finally {
    await ctx.close();
  }
});

test("a history filter naming no checklist says so and shows every checklist instead", async ({ page }) => {
  await signInAs(page, "manager");
  const response = await page.goto("/history/checklists?checklist=nao-existe");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("alert").filter({ hasText: "não encontrado" })).toContainText(
    'Checklist "nao-existe" não encontrado',
  );
});
