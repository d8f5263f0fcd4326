import type { ReactNode } from "react";
import type { SessionUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { openCurrentRun } from "@/lib/checklists/runs";
import type { RunState } from "@/lib/checklists/types";
import type { Locale } from "@/lib/i18n/messages";
import { logger } from "@/lib/observability/log";
import type { PlacedPanel, RunbookHeading, RunbookItem } from "@/lib/runbooks/types";
import { ChecklistItem } from "./ChecklistItem";
import { ChecklistProvider } from "./ChecklistProvider";
import { ChecklistRunHeader } from "./ChecklistRunHeader";
import { evidencePanels } from "./sections";

interface SetupInput {
  slug: string;
  user: SessionUser;
  items: readonly RunbookItem[];
  panels: readonly PlacedPanel[];
  headings: readonly RunbookHeading[];
  locale: Locale;
  timeZone: string;
}

export interface ChecklistPage {
  /** Wraps the runbook content: the run's header above it, the shared run state around it. */
  wrap: (content: ReactNode) => ReactNode;
  renderItem: (item: RunbookItem, children: ReactNode) => ReactNode;
}

/**
 * Server side of a checklist runbook page: opens (or creates) the current period's run. When the
 * database cannot be reached the page still renders and the browser keeps trying to open it.
 */
export async function checklistPage({
  slug,
  user,
  items,
  panels,
  headings,
  locale,
  timeZone,
}: SetupInput): Promise<ChecklistPage> {
  let initialRun: RunState | null = null;
  try {
    initialRun = await openCurrentRun(slug);
  } catch (err) {
    logger().warn({ err, slug }, "checklist run not opened while rendering; the browser retries");
  }
  const evidence = evidencePanels(items, panels, headings);
  const canTick = can(user.role, "checklists:tick");
  const historyHref = can(user.role, "reports:read")
    ? `/history/checklists?checklist=${encodeURIComponent(slug)}`
    : null;
  return {
    wrap: (content) => (
      <ChecklistProvider
        slug={slug}
        initialRun={initialRun}
        canTick={canTick}
        viewerId={user.id}
        locale={locale}
        timeZone={timeZone}
        historyHref={historyHref}
      >
        <ChecklistRunHeader />
        {content}
      </ChecklistProvider>
    ),
    renderItem: (item, children) => (
      <ChecklistItem
        item={{ id: item.id, text: item.text, optional: item.optional }}
        evidenceKeys={evidence.get(item.id) ?? []}
      >
        {children}
      </ChecklistItem>
    ),
  };
}
