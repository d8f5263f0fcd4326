import { expect, test } from "@playwright/test";
import { E2E_BASE_URL, ensureUser, signInAs } from "./support/auth";

test("anonymous visitors are sent to the sign-in page, and come back after signing in @mobile", async ({ page }) => {
  const user = await ensureUser("operator");
  await page.goto("/admin/queues");
  await expect(page).toHaveURL(/\/login\?next=%2Fadmin%2Fqueues/);
  await page.getByLabel("E-mail").fill(user.email);
  await page.getByLabel("Senha").fill(user.password);
  await page.getByRole("button", { name: "Entrar", exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/queues/);
  await page.goto("/");
  await expect(page.getByTestId("current-user")).toContainText(user.name);
});

test("the sign-in page shows a signed-out visitor no portal navigation, only the language switch", async ({ page }) => {
  const user = await ensureUser("viewer", "navless");
  await page.goto("/login");
  const nav = page.getByRole("navigation", { name: "Principal" });
  await expect(nav.getByRole("link", { name: "English" })).toBeVisible();
  for (const name of ["Runbooks", "Incidentes", "Filas (Bull Board)", "Saúde"])
    await expect(nav.getByRole("link", { name })).toHaveCount(0);
  await page.getByLabel("E-mail").fill(user.email);
  await page.getByLabel("Senha").fill(user.password);
  await page.getByRole("button", { name: "Entrar", exact: true }).click();
  await expect(nav.getByRole("link", { name: "Runbooks" })).toBeVisible();
});

test("a wrong password says so and signs nobody in", async ({ page }) => {
  const user = await ensureUser("viewer", "wrongpass");
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(user.email);
  await page.getByLabel("Senha").fill("not-the-password");
  await page.getByRole("button", { name: "Entrar", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "E-mail ou senha incorretos" })).toBeVisible();
  expect((await page.request.get("/api/auth/get-session")).ok()).toBeTruthy();
  expect(await (await page.request.get("/api/auth/get-session")).json()).toBeNull();
});

test("anonymous calls to Bull Board's API get 401", async ({ request }) => {
  const response = await request.get("/admin/queues/api/queues");
  expect(response.status()).toBe(401);
});

test("a viewer sees Bull Board read-only and a forged retry gets 403", async ({ page }) => {
  await signInAs(page, "viewer");
  const api = await page.request.get("/admin/queues/api/queues");
  expect(api.status()).toBe(200);
  const body = (await api.json()) as { queues: Array<{ readOnlyMode: boolean }> };
  expect(body.queues.every((q) => q.readOnlyMode)).toBe(true);
  const forged = await page.request.put("/admin/queues/api/queues/payments/retry/failed", {
    headers: { origin: E2E_BASE_URL },
  });
  expect(forged.status()).toBe(403);
});

test("state-changing requests from another origin are refused (CSRF)", async ({ page }) => {
  await signInAs(page, "operator");
  const response = await page.request.put("/admin/queues/api/queues/payments/retry/failed", {
    headers: { origin: "https://evil.example" },
  });
  expect(response.status()).toBe(403);
  expect(await response.text()).toContain("CSRF");
});

test("ten wrong passwords lock the account for a while, even for the right password", async ({ request }) => {
  const user = await ensureUser("operator", "lockout");
  const attempt = (password: string) =>
    request.post("/api/auth/sign-in/email", {
      headers: { origin: E2E_BASE_URL },
      data: { email: user.email, password },
    });
  for (let i = 0; i < 10; i++) expect((await attempt(`wrong-${i}`)).status()).toBe(401);
  const locked = await attempt(user.password);
  expect(locked.status()).toBe(429);
  expect(((await locked.json()) as { message: string }).message).toMatch(/Muitas tentativas/);
  // Another account is not affected.
  const other = await ensureUser("operator", "not-locked");
  expect(
    (
      await request.post("/api/auth/sign-in/email", {
        headers: { origin: E2E_BASE_URL },
        data: { email: other.email, password: other.password },
      })
    ).status(),
  ).toBe(200);
});

test("a sign-in whose e-mail is not storable text or whose callback is not a portal path is a 400 with a message, not a 500", async ({
  request,
}) => {
  const user = await ensureUser("viewer", "callback");
  const bodies = [
    { email: "a\u0000b@exemplo.com.br", password: "uma-senha-qualquer" },
    { email: { toString: "x" }, password: "uma-senha-qualquer" },
    // The right password: the callback goes into a Location header, where "Ā" made Node throw.
    { email: user.email, password: user.password, callbackURL: "/Ā" },
    // better-auth's own origin check refuses this one first (403).
    { email: user.email, password: user.password, callbackURL: "https://evil.example/" },
  ];
  for (const data of bodies) {
    const response = await request.post("/api/auth/sign-in/email", { headers: { origin: E2E_BASE_URL }, data });
    expect([400, 403], JSON.stringify(data)).toContain(response.status());
    expect(((await response.json()) as { message: string }).message).toBeTruthy();
  }
});

test("a client cannot claim a user through the gate's internal header", async ({ request }) => {
  const forged = await request.get("/api/panels?panel=health", {
    headers: { "x-portal-user": "eyJhIjoxfQ.c2lnbmF0dXJl", accept: "application/json" },
  });
  expect(forged.status()).toBe(401);
});

test("once the session's cookie cache has run out, the next request hands the browser a fresh one", async ({
  page,
  context,
}) => {
  await signInAs(page, "viewer");
  const cache = (await context.cookies()).find((cookie) => cookie.name.endsWith("session_data"));
  expect(cache, "better-auth's cookie cache is on").toBeTruthy();
  // As if its minute had passed: the gate must read the session from PostgreSQL and pass on the
  // renewed cache, or every later request reads PostgreSQL too.
  await context.clearCookies({ name: cache!.name });
  const response = await page.request.get("/runbooks");
  expect(response.status()).toBe(200);
  expect(
    response
      .headersArray()
      .filter((h) => h.name.toLowerCase() === "set-cookie")
      .map((h) => h.value)
      .join("\n"),
  ).toContain(`${cache!.name}=`);
  expect((await context.cookies()).some((cookie) => cookie.name === cache!.name)).toBe(true);
});
