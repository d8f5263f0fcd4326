import type { Role } from "@/lib/generated/prisma/enums.ts";
import { createLocalUser } from "@/lib/auth/users";
import { createPrismaClient } from "@/lib/db";

/** Headers carrying the session cookie of a fresh local user of `role` on the bench portal. */
export async function benchSession(url: string, databaseUrl: string, role: Role = "viewer"): Promise<Record<string, string>> {
  const email = `bench.${role}.${Date.now().toString(36)}@exemplo.com.br`;
  const password = `bench-${Math.random().toString(36).slice(2)}-senha`;
  const prisma = createPrismaClient(databaseUrl);
  try {
    await createLocalUser(prisma, { email, password, name: `Bench ${role}`, role }, { id: null, label: "bench" });
  } finally {
    await prisma.$disconnect();
  }
  const response = await fetch(`${url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`bench sign-in as ${role} failed: HTTP ${response.status}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return { cookie };
}
