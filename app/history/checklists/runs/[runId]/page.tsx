import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { periodLabel } from "@/components/checklists/period";
import { STATUS_STYLE } from "@/components/checklists/status-style";
import { requirePageUser } from "@/lib/auth/page";
import { config } from "@/lib/config";
import { runDetail, type RunDetail } from "@/lib/checklists/history";
import { historySearchParams } from "@/lib/checklists/history-filter";
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
    detail = await runDetail(id.data);
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
        <a href={back} className="text-sm text-sky-800 hover:underline">
          ← {t("history.run.back")}
        </a>
        <h1 className="mt-1 text-2xl font-semibold">
          {fill(t("history.run.title"), { period: periodLabel(run) })} · <span className="font-mono text-lg">{run.runbookSlug}</span>
        </h1>
        <p className="mt-1 flex flex-wrap items-center gap-3 text-sm text-slate-700">
          <span data-run-status={run.progress.status} className={`rounded border px-2 py-0.5 text-xs font-semibold ${STATUS_STYLE[run.progress.status]}`}>
            {t(`checklist.status.${run.progress.status}`)}
          </span>
          <span className="tabular-nums">{fill(t("checklist.progress"), { done: run.progress.requiredTicked, total: run.progress.requiredTotal })}</span>
          {run.progress.completedAt && run.progress.completedBy && (
            <span>
              {formatDateTime(run.progress.completedAt, timeZone, locale)} · {fill(t("history.completedBy"), { name: run.progress.completedBy.name })}
            </span>
          )}
          <span className="text-xs text-slate-500">
            {t("runbook.version")} <code title={run.runbookVersion}>{run.runbookVersion.slice(0, 12)}</code>
          </span>
        </p>
      </div>

      <section className="rounded-md border border-slate-200 bg-white p-4">
        <h2 className="mb-2 text-lg font-semibold">{t("history.run.items")}</h2>
        <ul className="space-y-1 text-sm">
          {run.items.map((item) => (
            <li key={item.id} className="flex gap-2">
              <span aria-hidden>{item.ticked ? "☑" : "☐"}</span>
              <span>
                <span className="sr-only">{item.ticked ? t("history.action.tick") : "—"}: </span>
                {item.text ?? <code>{item.id}</code>}
                {!item.required && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{t("checklist.optional")}</span>}
              </span>
            </li>
          ))}
        </ul>
      </section>

      <section className="rounded-md border border-slate-200 bg-white p-4">
        <h2 className="mb-2 text-lg font-semibold">{t("history.run.ticks")}</h2>
        {ticks.length === 0 ? (
          <p className="text-sm text-slate-600">{t("history.run.noTicks")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="run-ticks">
              <thead className="bg-slate-100 text-left text-slate-600">
                <tr>
                  <th className="px-3 py-1.5 font-medium">{t("history.col.time")}</th>
                  <th className="px-3 py-1.5 font-medium">{t("history.col.person")}</th>
                  <th className="px-3 py-1.5 font-medium">{t("history.col.item")}</th>
                  <th className="px-3 py-1.5 font-medium">{t("history.col.action")}</th>
                  <th className="px-3 py-1.5 font-medium">{t("history.col.note")}</th>
                  <th className="px-3 py-1.5 font-medium">{t("history.col.evidence")}</th>
                </tr>
              </thead>
              <tbody>
                {ticks.map((tick) => (
                  <tr key={tick.id} className="border-t border-slate-100 align-top">
                    <td className="whitespace-nowrap px-3 py-1.5 tabular-nums">{formatDateTime(tick.at, timeZone, locale)}</td>
                    <td className="px-3 py-1.5">
                      {tick.actor.name}
                      <span className="block text-xs text-slate-500">{tick.actorEmail}</span>
                    </td>
                    <td className="px-3 py-1.5">{texts.get(tick.itemId) ?? <code>{tick.itemId}</code>}</td>
                    <td className="px-3 py-1.5">{t(tick.action === "tick" ? "history.action.tick" : "history.action.untick")}</td>
                    <td className="max-w-xs whitespace-pre-wrap break-words px-3 py-1.5">{tick.note ?? "—"}</td>
                    <td className="px-3 py-1.5">
                      {tick.evidence ? (
                        <details>
                          <summary className="cursor-pointer text-sky-800">{t("history.col.evidence")} ({Object.keys(tick.evidence).length})</summary>
                          <pre className="mt-1 max-h-64 max-w-md overflow-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify(tick.evidence, null, 2)}</pre>
                        </details>
                      ) : (
                        "—"
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
