import type { Metadata } from "next";
import { Badge } from "@/components/ui/Badge";
import { DataTable } from "@/components/ui/DataTable";
import { PageHeader } from "@/components/ui/PageHeader";
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
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      disabledAt: true,
      accounts: { select: { providerId: true } },
    },
  });
  return (
    <div className="space-y-4">
      <PageHeader
        title="Usuários e papéis"
        subtitle={
          <>
            leitura: vê tudo · operador: marca checklists, escreve em incidentes, age sobre jobs · gestor: relatórios e
            exportações · administrador: usuários. Novas contas locais:{" "}
            <code className="rounded bg-slate-100 px-1">npm run user:create</code>; contas de SSO entram como leitura.
          </>
        }
      />
      <DataTable
        label="Usuários"
        frame="framed"
        data-testid="users-table"
        minWidth="min-w-[36rem]"
        rows={users}
        rowKey={(u) => u.id}
        rowProps={(u) => ({ "data-email": u.email })}
        columns={[
          {
            key: "name",
            header: "Nome",
            cell: (u) => (
              <>
                {u.name}
                {u.disabledAt && (
                  <Badge tone="muted" className="ml-2">
                    desativado
                  </Badge>
                )}
              </>
            ),
          },
          { key: "email", header: "E-mail", cell: (u) => u.email },
          {
            key: "login",
            header: "Login",
            className: "text-slate-600",
            cell: (u) => u.accounts.map((a) => (a.providerId === "credential" ? "local" : "SSO")).join(", ") || "—",
          },
          {
            key: "role",
            header: "Papel",
            cell: (u) => <RoleForm userId={u.id} role={u.role} email={u.email} locale={locale} />,
          },
        ]}
      />
    </div>
  );
}
