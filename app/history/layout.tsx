import type { ReactNode } from "react";
import { HistoryTabs } from "@/components/history/HistoryTabs";
import { can } from "@/lib/auth/permissions";
import { sessionUser } from "@/lib/auth/session";
import { getTranslator } from "@/lib/i18n/server";

/** The history area: one tab per report. Each page checks its own permission; the tabs only show to who may read them. */
export default async function HistoryLayout({ children }: { children: ReactNode }) {
  const [{ t }, user] = await Promise.all([getTranslator(), sessionUser().catch(() => null)]);
  return (
    <>
      {can(user?.role, "reports:read") && (
        <HistoryTabs
          label={t("history.tabs")}
          tabs={[
            { href: "/history/checklists", label: t("history.tabs.checklists") },
            { href: "/history/incidents", label: t("history.tabs.incidents") },
          ]}
        />
      )}
      {children}
    </>
  );
}
