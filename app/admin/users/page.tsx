import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page";
import { db } from "@/lib/db/client";
import { currentLocale } from "@/lib/i18n/server";
import { RoleForm } from "./RoleForm";

export const metadata: Metadata = { title: "Usuários" };
export const dynamic = "force-dynamic";

export default async function UsersPage() {
  await requirePageUser("users:manage", "/admin/users");
  const locale = await currentLocale();
  const users = await db().user.findMany({
    orderBy: { name: "asc" },
    select: { id: true, name: true, email: true, role: true, disabledAt: true, accounts: { select: { providerId: true } } },
  });
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Usuários e papéis</h1>
        <p className="text-slate-600">
          leitura: vê tudo · operador: marca checklists, escreve em incidentes, age sobre jobs · gestor: relatórios e exportações · administrador: usuários.
          Novas contas locais: <code className="rounded bg-slate-100 px-1">npm run user:create</code>; contas de SSO entram como leitura.
        </p>
      </div>
      <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
        <table className="w-full text-sm" data-testid="users-table">
          <thead className="bg-slate-100 text-left text-slate-600">
            <tr>
              <th className="px-3 py-2 font-medium">Nome</th>
              <th className="px-3 py-2 font-medium">E-mail</th>
              <th className="px-3 py-2 font-medium">Login</th>
              <th className="px-3 py-2 font-medium">Papel</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} className="border-t border-slate-100" data-email={u.email}>
                <td className="px-3 py-2">
                  {u.name}
                  {u.disabledAt && <span className="ml-2 rounded bg-slate-200 px-1 text-xs">desativado</span>}
                </td>
                <td className="px-3 py-2">{u.email}</td>
                <td className="px-3 py-2 text-slate-600">{u.accounts.map((a) => (a.providerId === "credential" ? "local" : "SSO")).join(", ") || "—"}</td>
                <td className="px-3 py-2">
                  <RoleForm userId={u.id} role={u.role} email={u.email} locale={locale} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
