"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import type { Role } from "@/lib/generated/prisma/enums.ts";
import { ROLES } from "@/lib/auth/permissions";
import type { RoleChange } from "@/lib/auth/users";
import { sendJson } from "@/components/client/json";
import { fill } from "@/lib/i18n/format";
import { translator, type Locale } from "@/lib/i18n/messages";

// One user's role: PUT /api/admin/users/[id]/role, then the page's data is read again. The
// server's answer (success or refusal) is shown in a live region; on a refusal the choice stays
// selected, so the admin sees what was refused and can pick again.

type Outcome = { ok: boolean; message: string };

async function saveRole(userId: string, role: Role, offline: string): Promise<Outcome> {
  const result = await sendJson<RoleChange & { message?: string }>(
    "PUT",
    `/api/admin/users/${encodeURIComponent(userId)}/role`,
    { role },
    { offline },
  );
  return { ok: result.ok, message: (result.ok ? result.data?.message : result.message) ?? "" };
}

export function RoleForm({
  userId,
  role,
  email,
  locale,
}: {
  userId: string;
  role: Role;
  email: string;
  locale: Locale;
}) {
  const t = translator(locale);
  const router = useRouter();
  const selectId = useId();
  const [selected, setSelected] = useState<Role>(role);
  const [saved, setSaved] = useState<Role>(role);
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  // The page was read again (after a save here, or another admin's): show its role.
  if (saved !== role) {
    setSaved(role);
    setSelected(role);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setOutcome(null);
    const result = await saveRole(userId, selected, t("users.role.offline"));
    setPending(false);
    setOutcome(result);
    if (result.ok) router.refresh();
  }

  return (
    <form onSubmit={(e) => void submit(e)} aria-busy={pending} className="flex flex-wrap items-center gap-2">
      <label className="sr-only" htmlFor={selectId}>
        {fill(t("users.role.label"), { email })}
      </label>
      <select
        id={selectId}
        name="role"
        value={selected}
        onChange={(e) => {
          setSelected(e.target.value as Role);
          setOutcome(null);
        }}
        className="rounded border border-slate-300 px-2 py-1"
      >
        {ROLES.map((value) => (
          <option key={value} value={value}>
            {t(`role.${value}`)}
          </option>
        ))}
      </select>
      {/* aria-disabled, not disabled: the button keeps keyboard focus while the request runs. */}
      <button
        aria-disabled={pending}
        className="rounded-md border border-slate-300 px-2 py-1 hover:bg-slate-50 aria-disabled:opacity-60"
      >
        {pending ? t("users.role.saving") : t("users.role.save")}
      </button>
      <span role="status" className={outcome?.ok ? "text-emerald-700" : "text-red-700"}>
        {outcome?.message}
      </span>
    </form>
  );
}
