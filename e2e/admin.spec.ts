import { expect, test } from "@playwright/test";
import { ensureUser, signInAs } from "./support/auth";

test("an admin changes a user's role; the audit log shows it to a manager", async ({ page, browser }) => {
  const target = await ensureUser("viewer", "promoted");
  await signInAs(page, "admin");
  await page.goto("/admin/users");
  const row = page.locator(`tr[data-email="${target.email}"]`);
  await row.getByRole("combobox").selectOption("operator");
  await row.getByRole("button", { name: "Salvar" }).click();
  await expect(row.getByRole("status")).toHaveText("Papel atualizado.");
  await page.reload();
  await expect(row.getByRole("combobox", { name: `Papel de ${target.email}` })).toHaveValue("operator");

  const managerContext = await browser.newContext();
  const manager = await managerContext.newPage();
  await signInAs(manager, "manager");
  await manager.goto("/audit?action=user.role_change");
  const entry = manager.getByTestId("audit-table").locator("tr", { hasText: "user.role_change" }).first();
  await expect(entry).toContainText("e2e.admin@exemplo.com.br");
  await managerContext.close();
});

test("an admin cannot demote themself: the refusal is announced and the choice stays selected", async ({ page }) => {
  const admin = await signInAs(page, "admin");
  await page.goto("/admin/users");
  const row = page.locator(`tr[data-email="${admin.email}"]`);
  const select = row.getByRole("combobox", { name: `Papel de ${admin.email}` });
  await select.selectOption("viewer");
  // From the keyboard: Tab to the button, Enter submits; focus stays on the button meanwhile.
  await select.focus();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(row.getByRole("status")).toHaveText(
    "Você não pode tirar de si mesmo o papel de administrador; peça a outro administrador.",
  );
  await expect(select).toHaveValue("viewer");
  await expect(row.getByRole("button", { name: "Salvar" })).toBeFocused();
  await page.reload();
  await expect(select).toHaveValue("admin");
});

test("viewers and operators get 403 on the admin and audit pages", async ({ page }) => {
  await signInAs(page, "operator");
  expect((await page.goto("/admin/users"))?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Acesso negado" })).toBeVisible();
  expect((await page.goto("/audit"))?.status()).toBe(403);
});
