import type { Metadata } from "next";
import { JobSearchForm } from "@/components/jobs/JobSearchForm";
import { JobSearchResults } from "@/components/jobs/JobSearchResults";
import { requirePageUser } from "@/lib/auth/page";
import { BadRequestError } from "@/lib/http/errors";
import { getTranslator } from "@/lib/i18n/server";
import { parseSearchQuery, searchJobs } from "@/lib/jobs-search/search";
import { SEARCH_FIELDS, type SearchField } from "@/lib/jobs-search/validation";

export const metadata: Metadata = { title: "Buscar jobs" };
export const dynamic = "force-dynamic";

type Params = Record<string, string | string[] | undefined>;

async function run(raw: Record<string, string | undefined>) {
  try {
    return { answer: await searchJobs(parseSearchQuery(raw)) };
  } catch (err) {
    if (err instanceof BadRequestError) return { error: err.message };
    throw err;
  }
}

/** Job search across every monitored queue and DLQ; `?q=` runs it, `?queues=` limits it. */
export default async function JobsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  await requirePageUser(
    "portal:read",
    `/jobs?${new URLSearchParams(Object.entries(raw).filter((e): e is [string, string] => e[1] !== undefined)).toString()}`,
  );
  const { t } = await getTranslator();
  const outcome = raw.q === undefined ? null : await run(raw);
  const queues = (raw.queues ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const field = SEARCH_FIELDS.includes(raw.field as SearchField) ? (raw.field as SearchField) : "any";
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">{t("search.title")}</h1>
        <p className="text-slate-600">{t("search.subtitle")}</p>
      </div>
      <JobSearchForm t={t} q={raw.q} field={field} queues={queues} />
      {outcome?.error && (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {outcome.error}
        </p>
      )}
      {outcome?.answer && <JobSearchResults answer={outcome.answer} t={t} now={new Date()} />}
    </div>
  );
}
