"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { changeRole } from "@/lib/auth/users";
import { ROLES } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";

const roleChange = z.object({ userId: z.string().uuid("usuário inválido"), role: z.enum(ROLES, "papel inválido") });

export interface RoleChangeState {
  ok: boolean;
  message: string;
}

/**
 * The role form's action. A server action is a public endpoint that anyone can call with any
 * arguments (not only through the form's useActionState), so the form data is checked first.
 */
export async function changeUserRole(_prev: RoleChangeState | null, form: FormData): Promise<RoleChangeState> {
  if (!(form instanceof FormData)) return { ok: false, message: "Envie o formulário de papéis (usuário e papel)." };
  const admin = await requireUser("users:manage").catch(() => null);
  if (!admin) return { ok: false, message: "Apenas administradores mudam papéis." };
  const parsed = roleChange.safeParse({ userId: form.get("userId"), role: form.get("role") });
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => i.message).join("; ") };
  if (parsed.data.userId === admin.id && parsed.data.role !== "admin") {
    return { ok: false, message: "Você não pode tirar de si mesmo o papel de administrador." };
  }
  const target = await db().user.findUnique({ where: { id: parsed.data.userId }, select: { id: true } });
  if (!target) return { ok: false, message: "Usuário não encontrado." };
  await changeRole(db(), parsed.data.userId, parsed.data.role, { id: admin.id, label: admin.email });
  revalidatePath("/admin/users");
  return { ok: true, message: "Papel atualizado." };
}
