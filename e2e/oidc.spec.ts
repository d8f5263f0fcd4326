import { expect, test, type Page } from "@playwright/test";
import { createLocalUser } from "@/lib/auth/users";
import { config } from "@/lib/config";
import { createPrismaClient } from "@/lib/db/client";
import { startOidcProvider, type LocalOidc } from "./support/oidc";
import { freePort, startPortal, type PortalProcess } from "./support/processes";

// Single sign-on against a real OpenID Connect provider on a loopback port (e2e/support/oidc.ts),
// with one portal of its own configured for it. The tests share them and run in order.

let oidc: LocalOidc;
let sso: PortalProcess;

test.beforeAll(async () => {
  // The provider must know the portal's callback URL, so the portal's port is chosen first.
  const port = await freePort();
  const portalUrl = `http://127.0.0.1:${port}`;
  oidc = await startOidcProvider(`${portalUrl}/api/auth/callback/oidc`);
  sso = await startPortal(
    // The access log is read below: info level, where every request is logged.
    {
      PORTAL_URL: portalUrl,
      OIDC_PROVIDER_NAME: "Keycloak da empresa",
      OIDC_ISSUER: oidc.issuer,
      OIDC_CLIENT_ID: oidc.clientId,
      OIDC_CLIENT_SECRET: oidc.clientSecret,
      LOG_LEVEL: "info",
    },
    port,
  );
});

test.afterAll(async () => {
  await sso?.stop();
  await oidc?.close();
});

async function signInThroughProvider(page: Page, login: string): Promise<void> {
  await page.goto(`${sso.url}/login`);
  await page.getByRole("button", { name: "Entrar com Keycloak da empresa" }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  const consent = page.getByRole("button", { name: "Continue" });
  if (await consent.isVisible({ timeout: 5000 }).catch(() => false)) await consent.click();
}

async function withPrisma<T>(fn: (prisma: ReturnType<typeof createPrismaClient>) => Promise<T>): Promise<T> {
  const prisma = createPrismaClient(config().DATABASE_URL);
  try {
    return await fn(prisma);
  } finally {
    await prisma.$disconnect();
  }
}

test("single sign-on through a local OpenID Connect provider creates a viewer and signs them in", async ({ page }) => {
  test.setTimeout(90_000);
  await signInThroughProvider(page, "maria.oliveira");
  await expect(page.getByTestId("current-user")).toContainText("SSO maria.oliveira", { timeout: 15_000 });
  await expect(page.getByTestId("current-user")).toContainText("leitura");
  await withPrisma(async (prisma) => {
    const user = await prisma.user.findUnique({
      where: { email: "maria.oliveira@exemplo.com.br" },
      include: { accounts: true },
    });
    expect(user?.role).toBe("viewer");
    expect(user?.accounts.map((a) => a.providerId)).toEqual(["oidc"]);
    expect(await prisma.auditEvent.count({ where: { action: "auth.sign_in", actorId: user!.id } })).toBeGreaterThan(0);
  });
  // The provider's one-time code came back in the callback's query: the access log has the
  // request, never the code.
  const callbacks = sso
    .output()
    .split("\n")
    .filter((line) => line.includes("/api/auth/callback/oidc"));
  expect(callbacks.length).toBeGreaterThan(0);
  for (const line of callbacks) {
    expect(line).toContain("code=[redacted]");
    expect(line).not.toMatch(/[?&](code|state)=(?!\[redacted\])/);
  }
});

test("an existing account is joined only when the provider verified the e-mail", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const [unverified, verified] = await withPrisma(async (prisma) => {
    const by = { id: null, label: "e2e" };
    return [
      await createLocalUser(
        prisma,
        {
          email: "unverified.bia@exemplo.com.br",
          name: "Bianca Ramos",
          role: "admin",
          password: "senha-local-da-bia-123",
        },
        by,
      ),
      await createLocalUser(
        prisma,
        {
          email: "verified.caio@exemplo.com.br",
          name: "Caio Lima",
          role: "operator",
          password: "senha-local-do-caio-123",
        },
        by,
      ),
    ];
  });

  // Someone who typed Bianca's (admin) e-mail at the provider, unconfirmed: not signed in as her.
  await signInThroughProvider(page, "unverified.bia");
  await expect(page).toHaveURL(/\/login\?error=/, { timeout: 15_000 });
  await expect(page.getByTestId("current-user")).toHaveCount(0);
  expect((await page.request.get(`${sso.url}/api/auth/get-session`).then((r) => r.json())) ?? null).toBeNull();

  // A verified e-mail joins the existing account, which keeps its role.
  const other = await browser.newPage();
  try {
    await signInThroughProvider(other, "verified.caio");
    await expect(other.getByTestId("current-user")).toContainText("Caio Lima", { timeout: 15_000 });
  } finally {
    await other.close();
  }
  await withPrisma(async (prisma) => {
    const accounts = await prisma.account.findMany({
      where: { userId: { in: [unverified.id, verified.id] } },
      select: { userId: true, providerId: true },
    });
    expect(accounts.filter((a) => a.providerId === "oidc").map((a) => a.userId)).toEqual([verified.id]);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: verified.id } })).role).toBe("operator");
  });
});
