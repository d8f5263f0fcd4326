import { createHash } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import type { Role } from "@/lib/generated/prisma/enums.ts";
import { createLocalUser } from "@/lib/auth/users";
import { config } from "@/lib/config";
import { createPrismaClient } from "@/lib/db/client";

// Each e2e run has its own database, so these users exist only there. Playwright loads this
// module once per spec file, so the password is derived from the run's database, not random.
const PASSWORD = `e2e-${createHash("sha256").update(config().DATABASE_URL).digest("hex").slice(0, 24)}`;

export interface TestUser {
  email: string;
  password: string;
  name: string;
  role: Role;
}

/** The user, created if missing — in the run's database unless a test's own is given. */
export async function ensureUser(
  role: Role,
  label: string = role,
  databaseUrl: string = config().DATABASE_URL,
): Promise<TestUser> {
  const user: TestUser = { email: `e2e.${label}@exemplo.com.br`, password: PASSWORD, name: `E2E ${label}`, role };
  const prisma = createPrismaClient(databaseUrl);
  try {
    if (!(await prisma.user.findUnique({ where: { email: user.email } }))) {
      await createLocalUser(prisma, user, { id: null, label: "e2e" });
    }
  } finally {
    await prisma.$disconnect();
  }
  return user;
}

export const E2E_BASE_URL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3199}`;

/** Signs in through the portal's own API; the page's browser context keeps the session cookie. */
export async function signInAs(page: Page, role: Role, baseURL: string = E2E_BASE_URL): Promise<TestUser> {
  const user = await ensureUser(role);
  await signInRequest(page.request, user, baseURL);
  return user;
}

export async function signInRequest(
  request: APIRequestContext,
  user: TestUser,
  baseURL: string = E2E_BASE_URL,
): Promise<void> {
  // The portal refuses state-changing requests that do not come from its own origin (CSRF).
  const response = await request.post(`${baseURL}/api/auth/sign-in/email`, {
    headers: { origin: baseURL },
    data: { email: user.email, password: user.password },
  });
  if (!response.ok()) throw new Error(`sign-in as ${user.role} failed: ${response.status()} ${await response.text()}`);
}
