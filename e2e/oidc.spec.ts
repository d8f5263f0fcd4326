import { expect, test } from "@playwright/test";
import { config } from "@/lib/config";
import { createPrismaClient } from "@/lib/db/client";
import { startOidcProvider, type LocalOidc } from "./support/oidc";
import { freePort, startPortal } from "./support/processes";

test("single sign-on through a local OpenID Connect provider creates a viewer and signs them in", async ({ page }) => {
  test.setTimeout(90_000);
  // The provider must know the portal's callback URL, so the portal's port is chosen first.
  const port = await freePort();
  const portalUrl = `http://127.0.0.1:${port}`;
  const oidc: LocalOidc = await startOidcProvider(`${portalUrl}/api/auth/callback/oidc`);
  try {
    const sso = await startPortal(
      { PORTAL_URL: portalUrl, OIDC_PROVIDER_NAME: "Keycloak da empresa", OIDC_ISSUER: oidc.issuer, OIDC_CLIENT_ID: oidc.clientId, OIDC_CLIENT_SECRET: oidc.clientSecret },
      port,
    );
    try {
      await page.goto(`${sso.url}/login`);
      await page.getByRole("button", { name: "Entrar com Keycloak da empresa" }).click();
      await page.locator('input[name="login"]').fill("maria.oliveira");
      await page.locator('input[name="password"]').fill("anything");
      await page.getByRole("button", { name: "Sign-in" }).click();
      const consent = page.getByRole("button", { name: "Continue" });
      if (await consent.isVisible({ timeout: 5000 }).catch(() => false)) await consent.click();
      await expect(page.getByTestId("current-user")).toContainText("SSO maria.oliveira", { timeout: 15_000 });
      await expect(page.getByTestId("current-user")).toContainText("leitura");
      const prisma = createPrismaClient(config().DATABASE_URL);
      try {
        const user = await prisma.user.findUnique({ where: { email: "maria.oliveira@exemplo.com.br" }, include: { accounts: true } });
        expect(user?.role).toBe("viewer");
        expect(user?.accounts.map((a) => a.providerId)).toEqual(["oidc"]);
        expect(await prisma.auditEvent.count({ where: { action: "auth.sign_in", actorId: user!.id } })).toBeGreaterThan(0);
      } finally {
        await prisma.$disconnect();
      }
    } finally {
      await sso.stop();
    }
  } finally {
    await oidc.close();
  }
});
