import { expect, test } from "@playwright/test";
import { createPrismaClient } from "@/lib/db/client";
import { ensureDatabase, migrate } from "@/tools/db/migrations";
import { ensureUser, signInRequest } from "./support/auth";
import { startPrivatePostgres, type PrivatePostgres } from "./support/postgres";
import { startPortal, type PortalProcess } from "./support/processes";

// Fault: PostgreSQL stops while an operator is signed in. A private cluster (stopping the shared
// server would disturb everyone else) and a portal process of its own. Runbooks are files, so they
// must still render for a signed-in operator even once better-auth's 60 s session cookie cache has
// run out (the gate then reads its signed fallback cookie); readiness names PostgreSQL; incident
// notes typed meanwhile are "não salvo ainda" and saved by themselves, exactly once, when it is
// back. (Checklist ticks in the same situation: e2e/checklists.spec.ts.)

const SESSION_CACHE_COOKIE = "ops-portal.session_data";
const FALLBACK_COOKIE = "ops-portal.session_fallback";

test("PostgreSQL stops: runbooks still render, readiness names it, notes wait as 'não salvo ainda' and are saved once when it is back", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  let pg: PrivatePostgres | null = null;
  let portal: PortalProcess | null = null;
  const context = await browser.newContext();
  try {
    pg = await startPrivatePostgres("ops_portal_faults_pg");
    await ensureDatabase(pg.url);
    await migrate(pg.url);
    const operator = await ensureUser("operator", "pg-operator", pg.url);
    portal = await startPortal({ DATABASE_URL: pg.url });
    const base = portal.url;
    await signInRequest(context.request, operator, base);

    const opened = await context.request.post(`${base}/api/incidents`, {
      headers: { origin: base },
      data: {
        runbookSlug: "03-alerta-job-na-dlq",
        title: "Queda do banco durante o incidente",
        idempotencyKey: `pg-open-${Date.now()}`,
      },
    });
    expect(opened.status()).toBe(201);
    const { id } = (await opened.json()) as { id: string };

    const room = await context.newPage();
    await room.goto(`${base}/incidents/${id}`);
    await expect(room.locator("[data-live=true]")).toBeVisible();
    const stepper = await context.newPage();
    await stepper.goto(`${base}/incidents/${id}`);
    await expect(stepper.locator("[data-live=true]")).toBeVisible();
    // The gate has handed out the fallback that will carry the session through the outage.
    expect((await context.cookies(base)).some((c) => c.name === FALLBACK_COOKIE && c.httpOnly)).toBe(true);

    // ---- PostgreSQL stops --------------------------------------------------------------------
    pg.stop();

    const ready = await fetch(`${base}/api/health/ready`);
    expect(ready.status).toBe(503);
    const readiness = (await ready.json()) as {
      status: string;
      checks: Record<string, { status: string; error?: string }>;
    };
    expect(readiness.status).toBe("unavailable");
    expect(readiness.checks.postgres?.status).toBe("down");
    expect(readiness.checks.redis?.status).toBe("up");
    expect((await fetch(`${base}/api/health/ready?require=postgres`)).status).toBe(503);

    // As if the outage had lasted past the 60 s of better-auth's cookie cache: every request must
    // now be checked against the database, which is down.
    await context.clearCookies({ name: SESSION_CACHE_COOKIE });

    const reader = await context.newPage();
    const response = await reader.goto(`${base}/runbooks/03-alerta-job-na-dlq`);
    expect(response?.status()).toBe(200);
    await expect(reader.getByRole("heading", { level: 1, name: "Alerta: job crítico na DLQ" })).toBeVisible();
    await expect(reader.getByRole("heading", { name: "Passo 3: classificar o erro" })).toBeVisible();
    await expect(reader.locator('section[data-panel="health"] [data-dependency="postgres"]')).toContainText(
      "Fora do ar",
    );
    await expect(reader.getByTestId("current-user")).toContainText("E2E pg-operator");
    // A checklist runbook renders too; its run opens once the database is back.
    expect((await reader.goto(`${base}/runbooks/01-monitoramento-diario`))?.status()).toBe(200);
    await expect(reader.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(reader.getByText("Não foi possível abrir a execução")).toBeVisible();
    await reader.close();

    // The session cookie alone (no fallback) cannot be confirmed: 503, not a sign-in page.
    const sessionOnly = (await context.cookies(base))
      .filter((c) => c.name.endsWith("session_token"))
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
    const unconfirmed = await fetch(`${base}/runbooks/03-alerta-job-na-dlq`, {
      headers: { cookie: sessionOnly, accept: "text/html" },
      redirect: "manual",
    });
    expect(unconfirmed.status).toBe(503);
    expect(unconfirmed.headers.get("retry-after")).toBe("2");
    // Nobody signed in: the sign-in page, as always.
    expect(
      (await fetch(`${base}/runbooks/03-alerta-job-na-dlq`, { headers: { accept: "text/html" }, redirect: "manual" }))
        .status,
    ).toBe(303);

    // A write is refused with 503 + Retry-After: nothing saved, retry with the same key.
    const apiKey = `pg-api-note-${Date.now()}`;
    const refused = await context.request.post(`${base}/api/incidents/${id}/notes`, {
      headers: { origin: base },
      data: { body: "Nota pela API durante a queda", idempotencyKey: apiKey },
    });
    expect(refused.status()).toBe(503);
    expect(refused.headers()["retry-after"]).toBe("2");
    expect(((await refused.json()) as { error: string }).error).toContain("Banco de dados indisponível");

    // Notes typed on the open incident page wait in the browser.
    const first = "Primeira nota com o banco fora do ar";
    const second = "Segunda nota, escrita logo depois";
    for (const text of [first, second]) {
      await room.getByLabel("Nova nota (Markdown)").fill(text);
      await room.getByRole("button", { name: "Adicionar nota" }).click();
    }
    const pending = room.locator("[data-note-pending]");
    await expect(pending).toHaveCount(2);
    await expect(pending.first()).toContainText(first);
    await expect(pending.first()).toContainText("não salvo ainda");
    await expect(pending.first()).toContainText("Banco de dados indisponível");
    await expect(room.getByLabel("Nova nota (Markdown)")).toHaveValue("");
    // Still waiting a few retries later, and kept where a reload would find it.
    await room.waitForTimeout(4000);
    await expect(pending).toHaveCount(2);
    expect(
      await room.evaluate((incident) => localStorage.getItem(`ops-portal:incident-notes:${incident}`), id),
    ).toContain(second);

    // A runbook step ticked in a second tab, which is then closed: the tick waits in the
    // browser's outbox and is sent by the next page of this incident.
    const step = stepper.locator('[data-incident-step="assumir"]');
    await step.getByRole("checkbox").check();
    await expect(step).toHaveAttribute("data-saved", "false");
    await expect(step).toContainText("não salvo ainda");
    await expect
      .poll(() => stepper.evaluate((incident) => localStorage.getItem(`ops-portal:incident-steps:${incident}`), id))
      .toContain('"itemId":"assumir"');
    await stepper.close();

    // ---- PostgreSQL is back ------------------------------------------------------------------
    pg.start();

    // Saved by themselves (backoff is at most 15 s), in the order they were written.
    await expect(pending).toHaveCount(0, { timeout: 45_000 });
    const notes = room.locator('[data-timeline] [data-kind="note"]');
    await expect(notes).toHaveCount(2);
    // Newest first.
    await expect(notes.nth(0)).toContainText(second);
    await expect(notes.nth(1)).toContainText(first);

    // The refused API note, retried with its key: created once, then replayed.
    const retried = await context.request.post(`${base}/api/incidents/${id}/notes`, {
      headers: { origin: base },
      data: { body: "Nota pela API durante a queda", idempotencyKey: apiKey },
    });
    expect(retried.status()).toBe(200);
    expect(((await retried.json()) as { outcome: string }).outcome).toBe("created");
    const replayed = await context.request.post(`${base}/api/incidents/${id}/notes`, {
      headers: { origin: base },
      data: { body: "Nota pela API durante a queda", idempotencyKey: apiKey },
    });
    expect(((await replayed.json()) as { outcome: string }).outcome).toBe("replayed");

    // Reloaded: nothing left to send, nothing sent twice.
    await room.reload();
    await expect(room.locator('[data-timeline] [data-kind="note"]')).toHaveCount(3);
    await expect(room.locator("[data-note-pending]")).toHaveCount(0);
    const prisma = createPrismaClient(pg.url);
    try {
      for (const body of [first, second, "Nota pela API durante a queda"]) {
        expect(await prisma.timelineEntry.count({ where: { incidentId: id, kind: "note", body } }), body).toBe(1);
      }
    } finally {
      await prisma.$disconnect();
    }
    expect(
      await room.evaluate((incident) => localStorage.getItem(`ops-portal:incident-notes:${incident}`), id),
    ).toBeNull();
    // The closed tab's step, sent by the reloaded page: ticked once, and the outbox is empty.
    await expect(room.locator('[data-incident-step="assumir"]')).toHaveAttribute("data-done", "true");
    await expect
      .poll(() => room.evaluate((incident) => localStorage.getItem(`ops-portal:incident-steps:${incident}`), id))
      .toBeNull();
    const stepsPrisma = createPrismaClient(pg.url);
    try {
      expect(await stepsPrisma.timelineEntry.count({ where: { incidentId: id, kind: "step" } })).toBe(1);
    } finally {
      await stepsPrisma.$disconnect();
    }
  } finally {
    await context.close();
    await portal?.stop();
    pg?.destroy();
  }
});

test("PostgreSQL stops: /history is the portal's dependency-down page in Portuguese, and comes back by itself", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  let pg: PrivatePostgres | null = null;
  let portal: PortalProcess | null = null;
  const context = await browser.newContext();
  try {
    pg = await startPrivatePostgres("ops_portal_faults_pg_history");
    await ensureDatabase(pg.url);
    await migrate(pg.url);
    const manager = await ensureUser("manager", "pg-manager", pg.url);
    portal = await startPortal({ DATABASE_URL: pg.url });
    const base = portal.url;
    await signInRequest(context.request, manager, base);
    const page = await context.newPage();
    await page.goto(`${base}/history`);
    await expect(page.getByRole("heading", { level: 1, name: "Histórico de checklists" })).toBeVisible();

    pg.stop();
    await page.goto(`${base}/history`);
    const error = page.locator("[data-page-error]");
    await expect(error).toHaveAttribute("data-page-error", "postgres");
    await expect(error.getByRole("heading", { level: 1 })).toHaveText("Esta página não pôde ser carregada");
    await expect(error.getByRole("alert")).toHaveText("O banco de dados (PostgreSQL) está indisponível.");
    await expect(error).toContainText("A página tenta de novo sozinha a cada 10 s.");
    // Inside the portal's own header, not Next's bare English page.
    await expect(page.getByRole("banner")).toContainText("Portal de Operações");
    await expect(page.getByTestId("current-user")).toContainText("E2E pg-manager");
    await expect(page.getByText("This page couldn't load")).toHaveCount(0);

    // Back: the page reloads by itself and shows the history again.
    pg.start();
    await expect(page.getByRole("heading", { level: 1, name: "Histórico de checklists" })).toBeVisible({
      timeout: 45_000,
    });
    await expect(error).toHaveCount(0);
  } finally {
    await context.close();
    await portal?.stop();
    pg?.destroy();
  }
});
