import { requireUser } from "@/lib/auth/session";
import { changeRole, roleChangeSchema } from "@/lib/auth/users";
import { databaseRoute, NO_STORE } from "@/lib/http/database-route";
import { db } from "@/lib/db/client";
import { jsonBody } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * PUT { role }: sets the user's role (admins only) and answers the RoleChange with a message for
 * the form. Setting a value, so sending it again is harmless. 409 when an admin demotes themself.
 */
export const PUT = databaseRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const admin = await requireUser("users:manage", request.headers);
  const { role } = await jsonBody(request, roleChangeSchema);
  const result = await changeRole(db(), (await params).id, role, { id: admin.id, label: admin.email });
  const message = result.changed ? "Papel atualizado." : "O usuário já tinha esse papel; nada mudou.";
  return Response.json({ ...result, message }, { headers: NO_STORE });
});
