import { z } from "zod";
import type { Role } from "@/lib/generated/prisma/enums.ts";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { recordAudit, type AuditActor } from "@/lib/audit/audit";
import { hashPassword, MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { ROLES } from "@/lib/auth/permissions";
import { ConflictError } from "@/lib/http/errors";

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

export async function changeRole(prisma: PrismaClient, userId: string, role: Role, by: AuditActor): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { role: true, email: true } });
    await tx.user.update({ where: { id: userId }, data: { role } });
    await recordAudit({ actor: by, action: "user.role_change", targetType: "user", targetId: userId, data: { email: before.email, from: before.role, to: role } }, tx);
  });
}
