// PUT /api/admin/users/[id]/role against a real PostgreSQL (own database): the route handler is
// called as Next calls it, with the signed user header the Express gate adds, so permission,
// validation, the self-demotion rule, the audit entry and the answers' JSON are all checked.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Role } from "@/lib/generated/prisma/enums.ts";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { PUT } from "@/app/api/admin/users/[id]/role/route";
import { auth } from "@/lib/auth/auth";
import { encodeForwardedUser, FORWARDED_USER_HEADER } from "@/lib/auth/forwarded-user";
import { hashPassword } from "@/lib/auth/password";
import { resolveSession, type SessionUser } from "@/lib/auth/session";
import { changeRole } from "@/lib/auth/users";
import { ConflictError, ForbiddenError } from "@/lib/http/errors";
import { createPrismaClient } from "@/lib/db/client";
import { processSingleton } from "@/lib/runtime";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/database";

let database: TestDatabase;
let prisma: PrismaClient;
const users = {} as Record<"admin" | "otherAdmin" | "operator" | "target", SessionUser>;

before(async () => {
  database = await createTestDatabase();
  prisma = createPrismaClient(database.url);
  // The route handler reads the process-wide client (lib/db/client.ts): this test's database.
  processSingleton("prisma", () => prisma);
  const make = async (key: keyof typeof users, role: Role) => {
    const user = await prisma.user.create({ data: { email: `${key}@example.com`, name: key, role } });
    users[key] = { id: user.id, email: user.email, name: user.name, role };
  };
  await make("admin", "admin");
  await make("otherAdmin", "admin");
  await make("operator", "operator");
  await make("target", "viewer");
});

after(async () => {
  await prisma.$disconnect();
  await database.drop();
});

async function put(
  id: string,
  body: unknown,
  as: SessionUser | null,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers = new Headers({ "content-type": "application/json" });
  if (as) headers.set(FORWARDED_USER_HEADER, encodeForwardedUser(as));
  const request = new Request(`http://portal.test/api/admin/users/${id}/role`, {
    method: "PUT",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const response = await PUT(request, { params: Promise.resolve({ id }) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const roleOf = async (id: string) =>
  (await prisma.user.findUniqueOrThrow({ where: { id }, select: { role: true } })).role;
const roleChanges = () => prisma.auditEvent.count({ where: { action: "user.role_change" } });

describe("an admin", () => {
  test("changes a user's role: 200 with the user, the audit log records who, from and to", async () => {
    const answer = await put(users.target.id, { role: "operator" }, users.admin);
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json, {
      user: { id: users.target.id, email: "target@example.com", name: "target", role: "operator" },
      previousRole: "viewer",
      changed: true,
      message: "Papel atualizado.",
    });
    assert.equal(await roleOf(users.target.id), "operator");
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { action: "user.role_change", targetId: users.target.id },
    });
    assert.equal(event.actorId, users.admin.id);
    assert.equal(event.actorLabel, "admin@example.com");
    assert.deepEqual(event.data, { email: "target@example.com", from: "viewer", to: "operator" });
  });

  test("sending the role the user already has changes nothing and writes no audit entry", async () => {
    const audited = await roleChanges();
    const answer = await put(users.target.id, { role: "operator" }, users.admin);
    assert.equal(answer.status, 200);
    assert.equal(answer.json.changed, false);
    assert.match(String(answer.json.message), /nada mudou/);
    assert.equal(await roleChanges(), audited);
  });

  test("cannot demote themself (409, however the id is written), but another admin can", async () => {
    const audited = await roleChanges();
    for (const id of [users.admin.id, users.admin.id.toUpperCase()]) {
      const refused = await put(id, { role: "viewer" }, users.admin);
      assert.equal(refused.status, 409, id);
      assert.match(String(refused.json.error), /tirar de si mesmo o papel de administrador/);
    }
    assert.equal(await roleOf(users.admin.id), "admin");
    assert.equal(await roleChanges(), audited);
    assert.equal((await put(users.admin.id, { role: "admin" }, users.admin)).status, 200);

    const byOther = await put(users.otherAdmin.id, { role: "manager" }, users.admin);
    assert.equal(byOther.status, 200);
    assert.equal(await roleOf(users.otherAdmin.id), "manager");
  });

  test("an unknown user is a 404; a malformed id or body a 400 that says what was wrong", async () => {
    const unknown = await put("00000000-0000-4000-8000-000000000000", { role: "viewer" }, users.admin);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error, "Usuário não encontrado.");

    const badId = await put("nao-e-uuid", { role: "viewer" }, users.admin);
    assert.equal(badId.status, 400);
    assert.match(String(badId.json.error), /UUID/);

    const badRole = await put(users.target.id, { role: "root" }, users.admin);
    assert.equal(badRole.status, 400);
    assert.deepEqual(badRole.json.details, [
      { path: "role", message: "papel inválido: use viewer, operator, manager, admin" },
    ]);

    for (const body of ["{", "[]", '"admin"', "{}", '{"role":["admin"]}']) {
      const answer = await put(users.target.id, body, users.admin);
      assert.equal(answer.status, 400, body);
      assert.equal(typeof answer.json.error, "string", body);
    }
    assert.equal(await roleOf(users.target.id), "operator");
  });
});

describe("anyone else", () => {
  test("is refused before anything is read: 401 signed out, 403 without users:manage", async () => {
    const audited = await roleChanges();
    const signedOut = await put(users.target.id, { role: "admin" }, null);
    assert.equal(signedOut.status, 401);
    assert.equal(signedOut.json.error, "Faça login para continuar.");
    for (const role of ["viewer", "operator", "manager"] as const) {
      const answer = await put(users.target.id, { role: "admin" }, { ...users.operator, role });
      assert.equal(answer.status, 403, role);
      assert.equal(answer.json.error, "Seu papel não permite esta ação.");
    }
    // Even an invalid body gets the permission answer first.
    assert.equal((await put("nao-e-uuid", "{", users.operator)).status, 403);
    assert.equal(await roleOf(users.target.id), "operator");
    assert.equal(await roleChanges(), audited);
  });
});

describe("role changes hold under concurrency and bite at once", () => {
  const admin = async (name: string) => {
    const user = await prisma.user.create({
      data: { email: `${name}@example.com`, name, role: "admin", emailVerified: true },
    });
    return { id: user.id, label: user.email };
  };

  test("two admins demoting each other at once: one wins, one admin is always left", async () => {
    // Only these two are admins from here on.
    await prisma.user.updateMany({ where: { role: "admin" }, data: { role: "manager" } });
    const [a, b] = [await admin("race-a"), await admin("race-b")];
    const outcomes = await Promise.allSettled([
      changeRole(prisma, b.id, "viewer", a),
      changeRole(prisma, a.id, "viewer", b),
    ]);
    assert.equal(
      outcomes.filter((o) => o.status === "fulfilled").length,
      1,
      JSON.stringify(outcomes.map((o) => o.status)),
    );
    const refused = outcomes.find((o) => o.status === "rejected")!.reason as Error;
    assert.ok(refused instanceof ForbiddenError || refused instanceof ConflictError, String(refused));
    assert.equal(await prisma.user.count({ where: { role: "admin" } }), 1);
  });

  test("the last admin cannot be demoted, and a demoted admin cannot promote themself back", async () => {
    const [lastAdmin] = await prisma.user.findMany({ where: { role: "admin" } });
    const other = await admin("promoter");
    // `other` demotes the last remaining original admin; then tries, demoted by a third, to undo it.
    await changeRole(prisma, lastAdmin!.id, "viewer", other);
    await assert.rejects(changeRole(prisma, other.id, "viewer", other), ConflictError);
    const third = await admin("third");
    await changeRole(prisma, other.id, "operator", third);
    await assert.rejects(changeRole(prisma, other.id, "admin", other), ForbiddenError);
    assert.equal(await roleOf(other.id), "operator");
    await changeRole(prisma, third.id, "admin", third);
    await prisma.user.update({ where: { id: third.id }, data: { disabledAt: new Date() } });
    await assert.rejects(changeRole(prisma, other.id, "admin", third), ForbiddenError);
  });

  test("a demoted user's sessions are revoked, and the role is read afresh despite the cookie cache", async () => {
    const target = await prisma.user.create({
      data: { email: "demoted@example.com", name: "demoted", role: "operator", emailVerified: true },
    });
    await prisma.account.create({
      data: {
        userId: target.id,
        accountId: target.id,
        providerId: "credential",
        password: await hashPassword("demoted-password-123"),
      },
    });
    const { headers: signedIn } = await auth().api.signInEmail({
      body: { email: target.email, password: "demoted-password-123" },
      returnHeaders: true,
    });
    const cookie = signedIn
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    assert.equal((await resolveSession(new Headers({ cookie })))?.user.role, "operator");

    const by = await admin("demoter");
    await changeRole(prisma, target.id, "viewer", by);
    assert.equal(await prisma.session.count({ where: { userId: target.id } }), 0);
    // The same cookies, whose cached copy still says "operator": the answer is the role now, or none.
    const after = await resolveSession(new Headers({ cookie }));
    assert.ok(after === null || after.user.role === "viewer", JSON.stringify(after));
    // Disabled meanwhile: no session at all, cached or not.
    await prisma.user.update({ where: { id: target.id }, data: { disabledAt: new Date() } });
    assert.equal(await resolveSession(new Headers({ cookie })), null);
  });
});
