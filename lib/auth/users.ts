import { z } from "zod";
import type { Role } from "@/lib/generated/prisma/enums.ts";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { recordAudit, type AuditActor } from "@/lib/audit/audit";
import { hashPassword, MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { ROLES } from "@/lib/auth/permissions";
import { BadRequestError, ConflictError, NotFoundError } from "@/lib/http/errors";

export const newLocalUserSchema = z.object({
  email: z.string().trim().toLowerCase().email("um e-mail válido"),
  name: z.string().trim().min(1, "o nome não pode ficar vazio").max(120),
  role: z.enum(ROLES),
  password: z.string().min(MIN_PASSWORD_LENGTH, `a senha precisa de pelo menos ${MIN_PASSWORD_LENGTH} caracteres`).max(128),
});

export type NewLocalUser = z.infer<typeof newLocalUserSchema>;

/** A local account: the user row plus better-auth's credential account holding the hash. */
export async function createLocalUser(prisma: PrismaClient, input: NewLocalUser, by: AuditActor): Promise<{ id: string }> {
  const data = newLocalUserSchema.parse(input);
  if (await prisma.user.findUnique({ where: { email: data.email }, select: { id: true } })) {
    throw new ConflictError(`Já existe um usuário com o e-mail ${data.email}.`);
  }
  const passwordHash = await hashPassword(data.password);
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.create({ data: { email: data.email, name: data.name, role: data.role, emailVerified: true } });
    await tx.account.create({ data: { userId: user.id, accountId: user.id, providerId: "credential", password: passwordHash } });
    await recordAudit({ actor: by, action: "user.create", targetType: "user", targetId: user.id, data: { email: data.email, role: data.role } }, tx);
    return { id: user.id };
  });
}

// Lower-cased: PostgreSQL compares UUIDs without regard to case, and so must the self-demotion check.
const userIdSchema = z.uuid({ error: "Id de usuário inválido (esperava um UUID)." }).transform((id) => id.toLowerCase());

/** The body of PUT /api/admin/users/[id]/role. */
export const roleChangeSchema = z.object({ role: z.enum(ROLES, { error: `papel inválido: use ${ROLES.join(", ")}` }) });

export interface RoleChange {
  user: { id: string; email: string; name: string; role: Role };
  previousRole: Role;
  /** False when the user already had that role: nothing was written, not even an audit entry. */
  changed: boolean;
}

/**
 * Sets a user's role and audits it. The caller has checked that `by` may manage users. An admin
 * cannot demote themself (another admin has to), so no admin locks themself out by a slip.
 */
export async function changeRole(prisma: PrismaClient, userId: string, role: Role, by: AuditActor & { id: string }): Promise<RoleChange> {
  const parsed = userIdSchema.safeParse(userId);
  if (!parsed.success) throw new BadRequestError(parsed.error.issues[0]!.message);
  const id = parsed.data;
  if (id === by.id && role !== "admin") throw new ConflictError({ code: "users.selfDemotion" });
  const select = { id: true, email: true, name: true, role: true } as const;
  return prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id }, select });
    if (!before) throw new NotFoundError("Usuário não encontrado.");
    if (before.role === role) return { user: before, previousRole: role, changed: false };
    const user = await tx.user.update({ where: { id }, data: { role }, select });
    await recordAudit({ actor: by, action: "user.role_change", targetType: "user", targetId: id, data: { email: user.email, from: before.role, to: role } }, tx);
    return { user, previousRole: before.role, changed: true };
  });
}
