import { z } from "zod";
import type { Role } from "@/lib/generated/prisma/enums.ts";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { recordAudit, type AuditActor } from "@/lib/audit/audit";
import { hashPassword, MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { ROLES } from "@/lib/auth/permissions";
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from "@/lib/http/errors";

export const newLocalUserSchema = z.object({
  email: z.string().trim().toLowerCase().email("um e-mail válido"),
  name: z.string().trim().min(1, "o nome não pode ficar vazio").max(120),
  role: z.enum(ROLES),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `a senha precisa de pelo menos ${MIN_PASSWORD_LENGTH} caracteres`)
    .max(128),
});

export type NewLocalUser = z.infer<typeof newLocalUserSchema>;

/** A local account: the user row plus better-auth's credential account holding the hash. */
export async function createLocalUser(
  prisma: PrismaClient,
  input: NewLocalUser,
  by: AuditActor,
): Promise<{ id: string }> {
  const data = newLocalUserSchema.parse(input);
  if (await prisma.user.findUnique({ where: { email: data.email }, select: { id: true } })) {
    throw new ConflictError(`Já existe um usuário com o e-mail ${data.email}.`);
  }
  const passwordHash = await hashPassword(data.password);
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { email: data.email, name: data.name, role: data.role, emailVerified: true },
    });
    await tx.account.create({
      data: { userId: user.id, accountId: user.id, providerId: "credential", password: passwordHash },
    });
    await recordAudit(
      {
        actor: by,
        action: "user.create",
        targetType: "user",
        targetId: user.id,
        data: { email: data.email, role: data.role },
      },
      tx,
    );
    return { id: user.id };
  });
}

// Lower-cased: PostgreSQL compares UUIDs without regard to case, and so must the self-demotion check.
const userIdSchema = z
  .uuid({ error: "Id de usuário inválido (esperava um UUID)." })
  .transform((id) => id.toLowerCase());

/** The body of PUT /api/admin/users/[id]/role. */
export const roleChangeSchema = z.object({ role: z.enum(ROLES, { error: `papel inválido: use ${ROLES.join(", ")}` }) });

export interface RoleChange {
  user: { id: string; email: string; name: string; role: Role };
  previousRole: Role;
  /** False when the user already had that role: nothing was written, not even an audit entry. */
  changed: boolean;
}

/**
 * Sets a user's role and audits it. The caller has checked that `by` may manage users, but that
 * check may be stale (a session read a moment ago), so inside one transaction the acting admin is
 * locked and read again: only a current, enabled admin changes roles. Every admin row is locked
 * in id order first, so two admins demoting each other at once are serialised, and the second
 * sees that it would leave the portal without an admin. An admin cannot demote themself (another
 * admin has to), so no admin locks themself out by a slip. A demoted user's sessions are revoked:
 * they sign in again with what their new role allows.
 */
export async function changeRole(
  prisma: PrismaClient,
  userId: string,
  role: Role,
  by: AuditActor & { id: string },
): Promise<RoleChange> {
  const parsed = userIdSchema.safeParse(userId);
  if (!parsed.success) throw new BadRequestError(parsed.error.issues[0]!.message);
  const id = parsed.data;
  const actingId = by.id.toLowerCase();
  if (id === actingId && role !== "admin") throw new ConflictError({ code: "users.selfDemotion" });
  const select = { id: true, email: true, name: true, role: true } as const;
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM users WHERE role = 'admin' OR id IN (${id}::uuid, ${actingId}::uuid) ORDER BY id FOR UPDATE`;
    const acting = await tx.user.findUnique({ where: { id: actingId }, select: { role: true, disabledAt: true } });
    if (acting?.role !== "admin" || acting.disabledAt)
      throw new ForbiddenError("Você não é mais administrador do portal.");
    const before = await tx.user.findUnique({ where: { id }, select });
    if (!before) throw new NotFoundError("Usuário não encontrado.");
    if (before.role === role) return { user: before, previousRole: role, changed: false };
    if (
      before.role === "admin" &&
      (await tx.user.count({ where: { role: "admin", disabledAt: null, id: { not: id } } })) === 0
    ) {
      throw new ConflictError("O portal precisa de pelo menos um administrador.");
    }
    const user = await tx.user.update({ where: { id }, data: { role }, select });
    const demoted = ROLES.indexOf(role) < ROLES.indexOf(before.role);
    const revoked = demoted ? (await tx.session.deleteMany({ where: { userId: id } })).count : 0;
    await recordAudit(
      {
        actor: by,
        action: "user.role_change",
        targetType: "user",
        targetId: id,
        data: { email: user.email, from: before.role, to: role, ...(demoted ? { sessionsRevoked: revoked } : {}) },
      },
      tx,
    );
    return { user, previousRole: before.role, changed: true };
  });
}
