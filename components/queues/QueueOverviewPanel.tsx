import { getTranslator } from "@/lib/i18n/server";
import { queueOverview } from "@/lib/queues/overview";

export async function QueueOverviewPanel() {
  const [{ t }, overview] = await Promise.all([getTranslator(), queueOverview()]);
  if (!overview.ok) {
    return (
      <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900">
        {t("queue.unavailable")}
        <span className="mt-1 block font-mono text-xs text-amber-800">{overview.error}</span>
      </div>
    );
  }
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
      <table className="w-full text-sm" data-testid="queue-overview">
        <thead className="bg-slate-100 text-left text-slate-600">
          <tr>
            <th className="px-3 py-2 font-medium">Fila</th>
            <th className="px-3 py-2 text-right font-medium">{t("queue.waiting")}</th>
            <th className="px-3 py-2 text-right font-medium">{t("queue.active")}</th>
            <th className="px-3 py-2 text-right font-medium">{t("queue.delayed")}</th>
            <th className="px-3 py-2 text-right font-medium">{t("queue.failed")}</th>
            <th className="px-3 py-2 text-right font-medium">{t("queue.dlq")}</th>
          </tr>
        </thead>
        <tbody>
          {overview.queues.map((q) => (
            <tr key={q.name} className="border-t border-slate-100" data-queue={q.name}>
              <th scope="row" className="px-3 py-2 text-left font-medium">
                <a className="text-blue-700 hover:underline" href={`/admin/queues/queue/${encodeURIComponent(q.name)}`}>
                  {q.displayName}
                </a>
                <span className="ml-2 font-mono text-xs text-slate-500">{q.name}</span>
              </th>
              <td className="px-3 py-2 text-right tabular-nums">{q.counts.waiting}</td>
              <td className="px-3 py-2 text-right tabular-nums">{q.counts.active}</td>
              <td className="px-3 py-2 text-right tabular-nums">{q.counts.delayed}</td>
              <td className={`px-3 py-2 text-right tabular-nums ${q.counts.failed > 0 ? "font-semibold text-red-700" : ""}`}>{q.counts.failed}</td>
              <td className={`px-3 py-2 text-right tabular-nums ${q.dlqSize ? "font-semibold text-red-700" : ""}`}>{q.dlqSize ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
