import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { NewIncidentForm } from "@/components/incidents/NewIncidentForm";
import { PageHeader } from "@/components/ui/PageHeader";
import { requirePageUser } from "@/lib/auth/page";
import { getTranslator } from "@/lib/i18n/server";
import { INCIDENT_RUNBOOK_KINDS } from "@/lib/incidents/incidents";
import { listCommanders } from "@/lib/incidents/people";
import { runbookLibrary } from "@/lib/runbooks/library";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Iniciar incidente" };

/** /incidents/new?runbook=<slug>: the "Iniciar incidente" form of an alert runbook; without it, an incident declared by hand. */
export default async function NewIncidentPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = (await searchParams).runbook;
  const slug = (Array.isArray(raw) ? raw[0] : raw) ?? "";
  const user = await requirePageUser(
    "incidents:write",
    slug ? `/incidents/new?runbook=${encodeURIComponent(slug)}` : "/incidents/new",
  );
  const runbook = slug ? await runbookLibrary().getRunbook(slug) : null;
  if (slug && (!runbook?.meta || !INCIDENT_RUNBOOK_KINDS.includes(runbook.meta.kind))) notFound();
  const [{ locale, t }, commanders, all] = await Promise.all([
    getTranslator(),
    listCommanders(),
    slug ? [] : runbookLibrary().list(),
  ]);
  const fixed = runbook?.meta
    ? { slug: runbook.slug, title: runbook.meta.title, severity: runbook.meta.severity ?? "P2" }
    : null;
  const choices = all
    .filter((r) => INCIDENT_RUNBOOK_KINDS.includes(r.meta.kind))
    .map((r) => ({ slug: r.slug, title: r.meta.title }));
  return (
    <div>
      <div className="mb-4">
        <PageHeader title={t(fixed ? "incidents.new.title" : "incidents.declare.title")} />
      </div>
      <NewIncidentForm runbook={fixed} runbooks={choices} commanders={commanders} me={user.id} locale={locale} />
    </div>
  );
}
