import { expect, test } from "@playwright/test";
import { ensureUser, signInAs } from "./support/auth";

// The server's answers are worded at the edge in the request's language: a page in English shows
// a refusal (and a confirmation) from the API in English, not the Portuguese default.

test("in English, the role form shows the server's refusal and confirmation in English", async ({ page }) => {
  const target = await ensureUser("viewer", "english");
  const admin = await signInAs(page, "admin");
  await page.goto("/locale/en");
  await page.goto("/admin/users");

  const own = page.locator(`tr[data-email="${admin.email}"]`);
  await own.getByRole("combobox", { name: `Role of ${admin.email}` }).selectOption("viewer");
  await own.getByRole("button", { name: "Save" }).click();
  await expect(own.getByRole("status")).toHaveText(
    "You cannot remove your own administrator role; ask another administrator.",
  );

  const other = page.locator(`tr[data-email="${target.email}"]`);
  await other.getByRole("combobox", { name: `Role of ${target.email}` }).selectOption("operator");
  await other.getByRole("button", { name: "Save" }).click();
  await expect(other.getByRole("status")).toHaveText("Role updated.");
});
