// The sign-in lockout against a real PostgreSQL (own database), through better-auth's own
// sign-in endpoint as the portal configures it (lib/auth/auth.ts).

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { APIError } from "better-auth/api";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { auth } from "@/lib/auth/auth";
import { claimSignInAttempt, clearSignInAttempts, LOCKOUT } from "@/lib/auth/lockout";
import { createLocalUser } from "@/lib/auth/users";
import { createPrismaClient } from "@/lib/db/client";
import { processSingleton } from "@/lib/runtime";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/database";

let database: TestDatabase;
let prisma: PrismaClient;
const PASSWORD = "the-right-password-123";

before(async () => {
  database = await createTestDatabase();
  prisma = createPrismaClient(database.url);
  // better-auth and the lockout use the process-wide client (lib/db.ts): this test's database.
  processSingleton("prisma", () => prisma);
});

after(async () => {
  await prisma.$disconnect();
  await database.drop();
});

async function signIn(email: string, password: string): Promise<number> {
  try {
    await auth().api.signInEmail({ body: { email, password } });
    return 200;
  } catch (err) {
    if (err instanceof APIError) return err.statusCode;
    throw err;
  }
}

test("25 wrong passwords sent at once: no more than the limit are checked, then even the right one is refused", async () => {
  await createLocalUser(
    prisma,
    { email: "parallel@example.com", name: "Parallel", role: "operator", password: PASSWORD },
    { id: null, label: "test" },
  );
  const statuses = await Promise.all(
    Array.from({ length: 25 }, (_, i) => signIn("parallel@example.com", `wrong-password-${i}`)),
  );
  const checked = statuses.filter((s) => s === 401).length;
  assert.ok(checked <= LOCKOUT.perAccount, `${checked} passwords were checked: ${statuses.join(",")}`);
  assert.equal(statuses.filter((s) => s === 429).length, 25 - checked);
  // Guesses refused at once may leave fewer than the limit checked; one by one, the rest are.
  let total = checked;
  while ((await signIn("parallel@example.com", `one-more-${total}`)) === 401) total++;
  assert.equal(total, LOCKOUT.perAccount);
  assert.equal(await signIn("PARALLEL@example.com", PASSWORD), 429);
  assert.equal(
    await prisma.auditEvent.count({ where: { action: "auth.sign_in_failed", actorLabel: "parallel@example.com" } }),
    LOCKOUT.perAccount,
  );
});

test("the limits count attempts per account and per address; a sign-in clears its account's", async () => {
  const now = new Date("2026-12-07T12:00:00Z");
  for (let i = 0; i < LOCKOUT.perAccount; i++)
    assert.equal((await claimSignInAttempt("Counted@example.com", "192.0.2.1", now)).locked, false);
  const locked = await claimSignInAttempt("counted@example.com", "192.0.2.2", now);
  assert.deepEqual(locked, { locked: true, reason: "account", retryAfterSeconds: LOCKOUT.windowMinutes * 60 });
  // A window later the account may try again; a successful sign-in clears it at once.
  assert.equal(
    (
      await claimSignInAttempt(
        "counted@example.com",
        "192.0.2.1",
        new Date(now.getTime() + LOCKOUT.windowMinutes * 60_000 + 1000),
      )
    ).locked,
    false,
  );
  await clearSignInAttempts("COUNTED@example.com");
  assert.equal(await prisma.signInAttempt.count({ where: { account: "counted@example.com" } }), 0);

  const later = new Date("2026-12-07T13:00:00Z");
  for (let i = 0; i < LOCKOUT.perIp; i++)
    assert.equal((await claimSignInAttempt(`user${i}@example.com`, "198.51.100.7", later)).locked, false);
  assert.equal((await claimSignInAttempt("fresh@example.com", "198.51.100.7", later)).reason, "ip");
  assert.equal((await claimSignInAttempt("fresh@example.com", "198.51.100.8", later)).locked, false);
});
