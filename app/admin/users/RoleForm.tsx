"use client";

import { useActionState } from "react";
import { changeUserRole, type RoleChangeState } from "./actions";

const ROLE_LABELS = { viewer: "leitura", operator: "operador", manager: "gestor", admin: "administrador" } as const;

export function RoleForm({ userId, role, email }: { userId: string; role: keyof typeof ROLE_LABELS; email: string }) {
  const [state, action, pending] = useActionState<RoleChangeState | null, FormData>(changeUserRole, null);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="userId" value={userId} />
      <label className="sr-only" htmlFor={`role-${userId}`}>
        Papel de {email}
      </label>
      <select id={`role-${userId}`} name="role" defaultValue={role} className="rounded border border-slate-300 px-2 py-1">
        {Object.entries(ROLE_LABELS).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      <button disabled={pending} className="rounded-md border border-slate-300 px-2 py-1 hover:bg-slate-50 disabled:opacity-60">
        {pending ? "Salvando…" : "Salvar"}
      </button>
      {state && (
        <span role="status" className={state.ok ? "text-emerald-700" : "text-red-700"}>
          {state.message}
        </span>
      )}
    </form>
  );
}
