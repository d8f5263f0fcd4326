import { expect, test, type APIRequestContext } from "@playwright/test";
import { PAGE_BUDGET_MS } from "@/lib/panels/load";
import type { PanelResponse } from "@/lib/panels/types";
import { signInAs } from "./support/auth";
import { startPortalWithFakeSentry, type PortalWithSentry } from "./support/sentry";

// Fault: Sentry's web API slow (5 s), failing (5xx) or refusing connections. Real Sentry cannot be
// reached from this machine, so the portal reads tests/fake-sentry, the local server that speaks
// Sentry's documented API, with its fault modes (delayMs, fail) or closed (connection refused).
// The Sentry panels must give up at their own limit (SENTRY_TIMEOUT_MS) and say why, and a
// runbook page must never wait for Sentry: the bounds are relative to the configured limit and
// to the fake's delay, not absolute speeds.

const TIMEOUT_MS = 2000;
const DELAY_MS = 5000;
/** Time a loaded machine may add to a request on top of what the portal waits for. */
const SLACK_MS = 2000;

let sentry: PortalWithSentry;
let closed = false;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  sentry = await startPortalWithFakeSentry({ SENTRY_TIMEOUT_MS: String(TIMEOUT_MS) });
});

test.afterAll(async () => {
  if (closed) await sentry?.portal.stop();
  else await sentry?.stop();
});

/** One panel's JSON, timed; each test asks for a query no other test asked for (nothing cached). */
async function timedPanel(
  request: APIRequestContext,
  query: string,
): Promise<{ ms: number; snapshot: PanelResponse["snapshot"] }> {
  const started = Date.now();
  const response = await request.get(
    `${sentry.portal.url}/api/panels?${new URLSearchParams({ panel: "sentry-issues", query })}`,
  );
  const ms = Date.now() - started;
  expect(response.status()).toBe(200);
  return { ms, snapshot: ((await response.json()) as PanelResponse).snapshot };
}

test("Sentry slow (5 s): its panels give up at their own limit and say so; the page does not wait for them", async ({
  page,
}) => {
  await signInAs(page, "viewer", sentry.portal.url);
  // Warm-up without touching Sentry: a fresh process loads the page's code on its first request,
  // which is start-up cost, not waiting.
  expect(
    (await page.request.get(`${sentry.portal.url}/runbooks/02-alerta-performance-degradada?panels=off`)).status(),
  ).toBe(200);
  expect((await page.request.get(`${sentry.portal.url}/api/panels?panel=health`)).status()).toBe(200);
  sentry.fake.state.delayMs = DELAY_MS;
  try {
    // The panel's own answer comes at the configured limit, not when Sentry would have answered.
    const panel = await timedPanel(page.request, "is:unresolved faults-slow");
    expect(panel.snapshot).toMatchObject({
      status: "error",
      error: { source: "sentry", code: "timeout", message: "Sentry não respondeu em 2 s" },
    });
    expect(panel.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(panel.ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    expect(TIMEOUT_MS + SLACK_MS).toBeLessThan(DELAY_MS);

    // The page's server time: it waits for its panels no longer than its budget (or the panel's
    // own limit, if lower), then sends them as "loading" — far from Sentry's delay.
    const started = Date.now();
    const html = await page.request.get(`${sentry.portal.url}/runbooks/02-alerta-performance-degradada`, {
      headers: { accept: "text/html" },
    });
    const pageMs = Date.now() - started;
    expect(html.status()).toBe(200);
    expect(await html.text()).toContain("Alerta: performance degradada");
    test.info().annotations.push({
      type: "timings",
      description: `panel ${panel.ms} ms, page ${pageMs} ms (limit ${TIMEOUT_MS} ms, Sentry delay ${DELAY_MS} ms)`,
    });
    expect(pageMs).toBeLessThan(Math.min(PAGE_BUDGET_MS, TIMEOUT_MS) + SLACK_MS);

    // In the browser: the text at once, the panel's reason shortly after.
    await page.goto(`${sentry.portal.url}/runbooks/02-alerta-performance-degradada`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("performance degradada");
    const performance = page.locator('section[data-panel="sentry-performance"]').first();
    await expect(performance).toContainText("Sentry não respondeu em 2 s", { timeout: 10_000 });
    await expect(performance).toHaveAttribute("data-status", "error");
    const sentryHealth = page.locator('section[data-panel="health"] [data-dependency="sentry"]');
    await expect(sentryHealth).toContainText("configurado");
    await expect(sentryHealth).not.toContainText("não configurado");
    await page.close();
  } finally {
    sentry.fake.state.delayMs = 0;
  }
});

test("Sentry failing (5xx): the panels say Sentry failed, at once; the rest of the page is intact", async ({
  page,
}) => {
  sentry.fake.state.fail = { status: 502 };
  try {
    await signInAs(page, "viewer", sentry.portal.url);
    const panel = await timedPanel(page.request, "is:unresolved faults-5xx");
    expect(panel.snapshot).toMatchObject({ status: "error", error: { source: "sentry", code: "upstream_error" } });
    expect(panel.snapshot.status === "error" && panel.snapshot.error.message).toContain(
      "Sentry com falha interna (HTTP 502)",
    );
    expect(panel.ms).toBeLessThan(TIMEOUT_MS);

    await page.goto(`${sentry.portal.url}/runbooks/21-manutencao-semanal`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const issues = page.locator('section[data-panel="sentry-issues"]').first();
    await expect(issues).toContainText("Sentry com falha interna (HTTP 502)", { timeout: 10_000 });
    await expect(page.locator('section[data-panel="queues"]').first()).toHaveAttribute("data-status", "ok");
    await page.close();
  } finally {
    sentry.fake.state.fail = null;
  }
});

test("Sentry refusing connections: the panels say it cannot be reached, at once", async ({ page }) => {
  await signInAs(page, "viewer", sentry.portal.url);
  // Nothing listens on the fake's port any more: connect() is refused.
  await sentry.fake.close();
  closed = true;

  const panel = await timedPanel(page.request, "is:unresolved faults-refused");
  expect(panel.snapshot).toMatchObject({
    status: "error",
    error: { source: "sentry", code: "unreachable", message: "Sentry inacessível (ECONNREFUSED)" },
  });
  expect(panel.ms).toBeLessThan(TIMEOUT_MS);

  await page.goto(`${sentry.portal.url}/runbooks/21-manutencao-semanal`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  // Failures are cached for 5 s, so a panel another test already saw failing may first repeat
  // that reason; the next refresh shows this one.
  await expect(page.locator('section[data-panel="sentry-issues"]').first()).toContainText(
    "Sentry inacessível (ECONNREFUSED)",
    { timeout: 15_000 },
  );
  await expect(page.locator('section[data-panel="sentry-performance"]').first()).toContainText(
    "Sentry inacessível (ECONNREFUSED)",
    { timeout: 15_000 },
  );
});
