import type { Metadata } from "next";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import { DataTable } from "@/components/ui/DataTable";
import { DateRangeFields, Field, Input } from "@/components/ui/Field";
import { PageHeader } from "@/components/ui/PageHeader";
import { TextLink } from "@/components/ui/TextLink";
import { requirePageUser } from "@/lib/auth/page";
import { auditFilterSchema, listAuditEvents } from "@/lib/audit/query";
import { config } from "@/lib/config";

export const metadata: Metadata = { title: "Auditoria" };
export const dynamic = "force-dynamic";

const formatter = () =>
  new Intl.DateTimeFormat("pt-BR", { dateStyle: "short", timeStyle: "medium", timeZone: config().TIMEZONE });
const mono = "font-mono text-xs";

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser("audit:read", "/audit");
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = auditFilterSchema.safeParse(raw);
  const filter = parsed.success ? parsed.data : {};
  const { events, nextBefore } = await listAuditEvents(filter);
  const fmt = formatter();
  const nextParams = new URLSearchParams(
    Object.entries({ ...filter, before: nextBefore ?? "" }).filter(([, v]) => v) as Array<[string, string]>,
  );
  return (
    <div className="space-y-4">
      <PageHeader
        title="Auditoria"
        subtitle="Tudo o que mudou no portal, de quem, quando e de onde. Registros nunca são alterados nem apagados."
      />
      {!parsed.success && (
        <Alert tone="warning" role="alert">
          Filtro ignorado: {parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}
        </Alert>
      )}
      <Card as="form" method="get" className="grid gap-2 text-sm sm:grid-cols-6">
        <Field label="Ação" className="sm:col-span-2">
          <Input name="action" defaultValue={filter.action} placeholder="ex.: checklist., auth." />
        </Field>
        <Field label="Pessoa" className="sm:col-span-2">
          <Input name="actor" defaultValue={filter.actor} placeholder="e-mail" />
        </Field>
        <DateRangeFields from={filter.from} to={filter.to} labels={{ from: "De", to: "Até" }} />
        <div className="sm:col-span-6">
          <Button type="submit" variant="primary">
            Filtrar
          </Button>
        </div>
      </Card>
      <DataTable
        label="Auditoria"
        frame="framed"
        data-testid="audit-table"
        minWidth="min-w-[48rem]"
        empty="Nenhum registro com esses filtros. Amplie o período ou limpe os filtros."
        rows={events}
        rowKey={(e) => String(e.id)}
        rowProps={() => ({ className: "align-top" })}
        columns={[
          { key: "at", header: "Quando", className: "whitespace-nowrap tabular-nums", cell: (e) => fmt.format(e.at) },
          { key: "actor", header: "Quem", cell: (e) => e.actorLabel },
          { key: "action", header: "Ação", className: mono, cell: (e) => e.action },
          {
            key: "target",
            header: "Alvo",
            className: mono,
            cell: (e) => [e.targetType, e.targetId].filter(Boolean).join(" "),
          },
          { key: "ip", header: "IP", className: mono, cell: (e) => e.ip },
          { key: "correlation", header: "Correlação", className: mono, cell: (e) => e.correlationId },
        ]}
      />
      {nextBefore && <TextLink href={`/audit?${nextParams.toString()}`}>Registros mais antigos →</TextLink>}
    </div>
  );
}
