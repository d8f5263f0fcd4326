import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { periodLabel } from "@/components/checklists/period";
import { OptionalBadge } from "@/components/checklists/OptionalBadge";
import { RunStatusBadge } from "@/components/checklists/RunStatusBadge";
import { Section } from "@/components/ui/Card";
import { DataTable } from "@/components/ui/DataTable";
import { TextLink } from "@/components/ui/TextLink";
import { requirePageUser } from "@/lib/auth/page";
import { config } from "@/lib/config";
import { runDetail, type RunDetail } from "@/lib/checklists/history";
import { historySearchParams } from "@/lib/checklists/history-filter";
import { readForPage } from "@/lib/db/unavailable";
import { runIdSchema } from "@/lib/checklists/validation";
import { NotFoundError } from "@/lib/http/errors";
import { getTranslator } from "@/lib/i18n/server";
import { fill, formatDateTime } from "@/lib/i18n/format";

export const metadata: Metadata = { title: "Execução de checklist" };
export const dynamic = "force-dynamic";

export default async function RunDetailPage({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  await requirePageUser("reports:read", `/history/checklists/runs/${encodeURIComponent(runId)}`);
  const id = runIdSchema.safeParse(runId);
  if (!id.success) notFound();
  let detail: RunDetail;
  try {
    detail = await readForPage(() => runDetail(id.data));
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
  const { locale, t } = await getTranslator();
  const timeZone = config().TIMEZONE;
  const { run, ticks } = detail;
  const texts = new Map(run.items.map((i) => [i.id, i.text]));
  const back = `/history/checklists?${historySearchParams({ checklist: run.runbookSlug, from: run.periodStart, to: run.periodEnd }).toString()}`;

  return (
    <div className="space-y-6">
      <div>
        <TextLink href={back} className="text-sm">
          ← {t("history.run.back")}
        </TextLink>
        <h1 className="mt-1 text-2xl font-semibold">
          {fill(t("history.run.title"), { period: periodLabel(run) })} ·{" "}
          <span className="font-mono text-lg">{run.runbookSlug}</span>
        </h1>
        <p className="mt-1 flex flex-wrap items-center gap-3 text-sm text-slate-700">
          <RunStatusBadge status={run.progress.status} locale={locale} />
          <span className="tabular-nums">
            {fill(t("checklist.progress"), { done: run.progress.requiredTicked, total: run.progress.requiredTotal })}
          </span>
          {run.progress.completedAt && run.progress.completedBy && (
            <span>
              {formatDateTime(run.progress.completedAt, timeZone, locale)} ·{" "}
              {fill(t("history.completedBy"), { name: run.progress.completedBy.name })}
            </span>
          )}
          <span className="text-xs text-slate-500">
            {t("runbook.version")} <code title={run.runbookVersion}>{run.runbookVersion.slice(0, 12)}</code>
          </span>
        </p>
      </div>

      <Section title={t("history.run.items")}>
        <ul className="space-y-1 text-sm">
          {run.items.map((item) => (
            <li key={item.id} className="flex gap-2">
              <span aria-hidden>{item.ticked ? "☑" : "☐"}</span>
              <span>
                <span className="sr-only">{item.ticked ? t("history.action.tick") : "—"}: </span>
                {item.text ?? <code>{item.id}</code>}
                {!item.required && <OptionalBadge locale={locale} />}
                {run.notes
                  .filter((note) => note.itemId === item.id && note.text !== "")
                  .map((note) => (
                    <span
                      key={note.id}
                      className="mt-0.5 block break-words whitespace-pre-wrap text-slate-700"
                      data-note={note.id}
                    >
                      {fill(t("checklist.noteBy"), {
                        name: note.author.name,
                        time: formatDateTime(note.updatedAt, timeZone, locale),
                      })}
                      {note.updatedAt !== note.createdAt && ` ${t("checklist.noteEdited")}`}: {note.text}
                    </span>
                  ))}
              </span>
            </li>
          ))}
        </ul>
      </Section>

      <Section title={t("history.run.ticks")}>
        <DataTable
          label={t("history.run.ticks")}
          dense
          data-testid="run-ticks"
          minWidth="min-w-[44rem]"
          empty={t("history.run.noTicks")}
          rows={ticks}
          rowKey={(tick) => tick.id}
          rowProps={() => ({ className: "align-top" })}
          columns={[
            {
              key: "time",
              header: t("history.col.time"),
              className: "whitespace-nowrap tabular-nums",
              cell: (tick) => formatDateTime(tick.at, timeZone, locale),
            },
            {
              key: "person",
              header: t("history.col.person"),
              cell: (tick) => (
                <>
                  {tick.actor.name}
                  <span className="block text-xs text-slate-500">{tick.actorEmail}</span>
                </>
              ),
            },
            {
              key: "item",
              header: t("history.col.item"),
              cell: (tick) => texts.get(tick.itemId) ?? <code>{tick.itemId}</code>,
            },
            {
              key: "action",
              header: t("history.col.action"),
              cell: (tick) => t(tick.action === "tick" ? "history.action.tick" : "history.action.untick"),
            },
            {
              key: "note",
              header: t("history.col.note"),
              className: "max-w-xs whitespace-pre-wrap break-words",
              cell: (tick) => tick.note ?? "—",
            },
            {
              key: "evidence",
              header: t("history.col.evidence"),
              cell: (tick) =>
                tick.evidence ? (
                  <details>
                    <summary className="cursor-pointer text-sky-800">
                      {t("history.col.evidence")} ({Object.keys(tick.evidence).length})
                    </summary>
                    <pre className="mt-1 max-h-64 max-w-md overflow-auto rounded bg-slate-50 p-2 text-xs">
                      {JSON.stringify(tick.evidence, null, 2)}
                    </pre>
                  </details>
                ) : (
                  "—"
                ),
            },
          ]}
        />
      </Section>
    </div>
  );
}
