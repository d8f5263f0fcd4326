import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page";
import { auditFilterSchema, listAuditEvents } from "@/lib/audit/query";
import { config } from "@/lib/config";

export const metadata: Metadata = { title: "Auditoria" };
export const dynamic = "force-dynamic";

const formatter = () => new Intl.DateTimeFormat("pt-BR", { dateStyle: "short", timeStyle: "medium", timeZone: config().TIMEZONE });

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser("audit:read", "/audit");
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = auditFilterSchema.safeParse(raw);
  const filter = parsed.success ? parsed.data : {};
  const { events, nextBefore } = await listAuditEvents(filter);
  const fmt = formatter();
  const nextParams = new URLSearchParams(Object.entries({ ...filter, before: nextBefore ?? "" }).filter(([, v]) => v) as Array<[string, string]>);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Auditoria</h1>
        <p className="text-slate-600">Tudo o que mudou no portal, de quem, quando e de onde. Registros nunca são alterados nem apagados.</p>
      </div>
      {!parsed.success && (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          Filtro ignorado: {parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}
        </p>
      )}
      <form method="get" className="grid gap-2 rounded-md border border-slate-200 bg-white p-3 text-sm sm:grid-cols-6">
        <label className="sm:col-span-2">
          Ação <input name="action" defaultValue={filter.action} placeholder="ex.: checklist., auth." className="mt-1 block w-full rounded border border-slate-300 px-2 py-1" />
        </label>
        <label className="sm:col-span-2">
          Pessoa <input name="actor" defaultValue={filter.actor} placeholder="e-mail" className="mt-1 block w-full rounded border border-slate-300 px-2 py-1" />
        </label>
        <label>
          De <input type="date" name="from" defaultValue={filter.from} className="mt-1 block w-full rounded border border-slate-300 px-2 py-1" />
        </label>
        <label>
          Até <input type="date" name="to" defaultValue={filter.to} className="mt-1 block w-full rounded border border-slate-300 px-2 py-1" />
        </label>
        <div className="sm:col-span-6">
          <button className="rounded-md bg-blue-700 px-3 py-1.5 font-medium text-white hover:bg-blue-800">Filtrar</button>
        </div>
      </form>
      {events.length === 0 ? (
        <p className="rounded-md border border-slate-200 bg-white p-4 text-slate-600">Nenhum registro com esses filtros. Amplie o período ou limpe os filtros.</p>
      ) : (
        <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
          <table className="w-full text-sm" data-testid="audit-table">
            <thead className="bg-slate-100 text-left text-slate-600">
              <tr>
                <th className="px-3 py-2 font-medium">Quando</th>
                <th className="px-3 py-2 font-medium">Quem</th>
                <th className="px-3 py-2 font-medium">Ação</th>
                <th className="px-3 py-2 font-medium">Alvo</th>
                <th className="px-3 py-2 font-medium">IP</th>
                <th className="px-3 py-2 font-medium">Correlação</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={String(e.id)} className="border-t border-slate-100 align-top">
                  <td className="whitespace-nowrap px-3 py-2 tabular-nums">{fmt.format(e.at)}</td>
                  <td className="px-3 py-2">{e.actorLabel}</td>
                  <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
                  <td className="px-3 py-2 font-mono text-xs">{[e.targetType, e.targetId].filter(Boolean).join(" ")}</td>
                  <td className="px-3 py-2 font-mono text-xs">{e.ip}</td>
                  <td className="px-3 py-2 font-mono text-xs">{e.correlationId}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextBefore && (
        <a href={`/audit?${nextParams.toString()}`} className="inline-block text-blue-700 hover:underline">
          Registros mais antigos →
        </a>
      )}
    </div>
  );
}
