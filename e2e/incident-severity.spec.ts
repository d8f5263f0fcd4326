import { expect, test, type Page } from "@playwright/test";
import { E2E_BASE_URL, signInAs } from "./support/auth";

// Severity changes and incidents declared by hand: the commander raises P2 → P1 with a reason,
// the countdown switches to the 15-minute target for every viewer, the MTTA/MTTR report counts the
// incident as P1 and shows the change; an incident declared without a runbook gets one attached.

const today = () => new Date().toISOString().slice(0, 10);

async function incidentNumber(page: Page): Promise<string> {
  const text = await page
    .getByText(/^INC-\d+ ·/)
    .first()
    .textContent();
  return /INC-\d+/.exec(text ?? "")![0];
}

test("the commander raises P2 to P1 with a reason; the countdown and the report follow", async ({ page, browser }) => {
  await signInAs(page, "operator");
  await page.goto("/runbooks/02-alerta-performance-degradada");
  await page.getByRole("link", { name: "Iniciar incidente" }).click();
  await page.getByLabel("Título do incidente").fill("Checkout lento, pagamentos falhando");
  await page.getByRole("button", { name: "Abrir incidente" }).click();
  await page.waitForURL(/\/incidents\/[0-9a-f-]{36}$/);
  const id = page.url().split("/").pop()!;
  const number = await incidentNumber(page);
  await expect(page.locator("[data-severity]")).toHaveAttribute("data-severity", "P2");
  await expect(page.locator('[data-target="running"]')).toContainText("(60 min)");
  await expect(page.locator("[data-target-from]")).toHaveText("contada desde a abertura");

  const viewerContext = await browser.newContext({ baseURL: E2E_BASE_URL });
  try {
    const viewer = await viewerContext.newPage();
    await signInAs(viewer, "viewer");
    await viewer.goto(`/incidents/${id}`);
    await expect(viewer.locator("[data-live=true]")).toBeVisible();
    await expect(viewer.locator("[data-severity-form]")).toHaveCount(0);

    // Bad input is refused and changes nothing.
    const post = (data: Record<string, unknown>) =>
      page.request.post(`/api/incidents/${id}/severity`, {
        headers: { origin: E2E_BASE_URL },
        data: { idempotencyKey: crypto.randomUUID(), ...data },
      });
    expect((await post({ to: "P4", reason: "x" })).status()).toBe(400);
    expect((await post({ to: "P1", reason: "" })).status()).toBe(400);
    const same = await post({ to: "P2", reason: "nada muda" });
    expect(same.status()).toBe(409);
    expect(((await same.json()) as { error: string }).error).toContain("já é P2");

    await page.getByLabel("Nova severidade").selectOption("P1");
    await page.getByLabel("Motivo da mudança").fill("Pagamentos afetados: runbook manda elevar");
    await page.getByRole("button", { name: "Mudar severidade" }).click();
    for (const p of [page, viewer]) {
      await expect(p.locator("[data-severity]")).toHaveAttribute("data-severity", "P1");
      await expect(p.locator('[data-target="running"]')).toContainText("(15 min)");
      await expect(p.locator("[data-target-from]")).toContainText("contada desde a elevação");
      await expect(p.locator('[data-timeline] [data-kind="severity"]')).toContainText(
        "P2 → P1 — Pagamentos afetados: runbook manda elevar",
      );
    }
  } finally {
    await viewerContext.close();
  }

  await signInAs(page, "manager");
  await page.goto(`/history/incidents?from=${today()}&to=${today()}`);
  // Counted under P1 only: the one row naming the incident is P1's.
  const rows = page.locator('[data-stats="by-severity"] [data-key]', { hasText: `${number} P2→P1` });
  await expect(rows).toHaveCount(1);
  await expect(rows).toHaveAttribute("data-key", "P1");
});

test("an incident declared without a runbook, then a procedure runbook attached", async ({ page }) => {
  await signInAs(page, "operator");
  await page.goto("/incidents");
  await page.getByRole("link", { name: "Novo incidente" }).click();
  await expect(page).toHaveURL(/\/incidents\/new$/);
  // A value typed before React hydrates the form is lost: wait for the page's scripts.
  await page.waitForLoadState("networkidle");
  await expect(page.getByLabel("Runbook (opcional)")).toHaveValue("");
  await page.getByLabel("Severidade").selectOption("P1");
  const title = page.getByLabel("Título do incidente");
  await expect(async () => {
    await title.fill("Janela de manutenção da plataforma falhou");
    await expect(title).toHaveValue("Janela de manutenção da plataforma falhou", { timeout: 500 });
  }).toPass();
  await expect(page.getByLabel("Severidade")).toHaveValue("P1");
  await page.getByRole("button", { name: "Abrir incidente" }).click();
  await page.waitForURL(/\/incidents\/[0-9a-f-]{36}$/);
  await expect(page.locator("[data-severity]")).toHaveAttribute("data-severity", "P1");
  await expect(page.getByText("Este incidente não segue um runbook.")).toBeVisible();
  await expect(page.locator('[data-timeline] [data-kind="status"]')).toContainText("sem runbook");

  await page.getByLabel("Anexar runbook").selectOption("04-procedimento-de-restore");
  await page.getByRole("button", { name: "Anexar" }).click();
  await expect(page.getByRole("link", { name: "Procedimento de restore de emergência" })).toBeVisible();
  await expect(page.locator('[data-timeline] [data-kind="runbook"]')).toContainText(
    'Runbook "Procedimento de restore de emergência" anexado.',
  );
  await expect(page.locator("[data-attach-runbook]")).toHaveCount(0);
});
