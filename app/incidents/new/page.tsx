import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { NewIncidentForm } from "@/components/incidents/NewIncidentForm";
import { PageHeader } from "@/components/ui/PageHeader";
import { requirePageUser } from "@/lib/auth/page";
import { getTranslator } from "@/lib/i18n/server";
import { listCommanders } from "@/lib/incidents/people";
import { runbookLibrary } from "@/lib/runbooks/library";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Iniciar incidente" };

/** /incidents/new?runbook=<slug>: the "Iniciar incidente" form of an alert runbook. */
export default async function NewIncidentPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).runbook;
  const slug = (Array.isArray(raw) ? raw[0] : raw) ?? "";
  const user = await requirePageUser("incidents:write", `/incidents/new?runbook=${encodeURIComponent(slug)}`);
  const runbook = await runbookLibrary().getRunbook(slug);
  if (!runbook?.meta || runbook.meta.kind !== "alert") notFound();
  const [{ locale, t }, commanders] = await Promise.all([getTranslator(), listCommanders()]);
  return (
    <div>
      <div className="mb-4">
        <PageHeader title={t("incidents.new.title")} />
      </div>
      <NewIncidentForm runbook={{ slug: runbook.slug, title: runbook.meta.title, severity: runbook.meta.severity ?? "P2" }} commanders={commanders} me={user.id} locale={locale} />
    </div>
  );
}
