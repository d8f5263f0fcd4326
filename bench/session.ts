import { randomBytes } from "node:crypto";
import type { Role } from "@/lib/generated/prisma/enums.ts";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import type { Actor } from "@/lib/checklists/types";
import { createLocalUser } from "@/lib/auth/users";
import { createPrismaClient } from "@/lib/db/client";

// Signed-in users for the benchmarks: local accounts created in the bench database, signed in
// through the portal's own endpoint so the cookies are the real thing.

const PASSWORD = `bench-${randomBytes(9).toString("base64url")}`;

export interface BenchSession {
  actor: Actor;
  cookie: string;
}

async function signIn(url: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok)
    throw new Error(`bench sign-in of ${email} failed: HTTP ${response.status} ${await response.text()}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

async function createSession(
  prisma: PrismaClient,
  url: string,
  email: string,
  name: string,
  role: Role,
): Promise<BenchSession> {
  const { id } = await createLocalUser(prisma, { email, password: PASSWORD, name, role }, { id: null, label: "bench" });
  return { actor: { id, role }, cookie: await signIn(url, email, PASSWORD) };
}

/** Headers carrying the session cookie of a fresh local user of `role` on the bench portal. */
export async function benchSession(
  url: string,
  databaseUrl: string,
  role: Role = "viewer",
): Promise<Record<string, string>> {
  const prisma = createPrismaClient(databaseUrl);
  try {
    const session = await createSession(
      prisma,
      url,
      `bench.${role}.${Date.now().toString(36)}@exemplo.com.br`,
      `Bench ${role}`,
      role,
    );
    return { cookie: session.cookie };
  } finally {
    await prisma.$disconnect();
  }
}

/** `operators` operators and a manager; `tag` keeps the accounts of two suites on one database apart. */
export async function createSessions(
  prisma: PrismaClient,
  url: string,
  operators: number,
  tag: string,
): Promise<{ operators: BenchSession[]; manager: BenchSession }> {
  const list: BenchSession[] = [];
  for (let i = 1; i <= operators; i++)
    list.push(await createSession(prisma, url, `bench.${tag}.op${i}@exemplo.com.br`, `Operador ${i}`, "operator"));
  return {
    operators: list,
    manager: await createSession(prisma, url, `bench.${tag}.manager@exemplo.com.br`, "Gestora", "manager"),
  };
}
