import type { Metadata } from "next";
import { LibraryKeyboard } from "@/components/library/LibraryKeyboard";
import { RunbookListItem } from "@/components/library/RunbookListItem";
import { hasFilters, libraryHref, parseLibraryQuery, toRunbookFilter } from "@/components/library/filter";
import { Button } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import { Field, Input, SelectField } from "@/components/ui/Field";
import { PageHeader } from "@/components/ui/PageHeader";
import { TextLink } from "@/components/ui/TextLink";
import { getTranslator } from "@/lib/i18n/server";
import { fill } from "@/lib/i18n/format";
import { reviewDueDate, reviewOverdue, runbookLibrary } from "@/lib/runbooks/library";
import { RUNBOOK_KINDS, SEVERITIES } from "@/lib/runbooks/schema";
import { requirePageUser } from "@/lib/auth/page";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Runbooks" };

const SEARCH_ID = "library-search";
const FORM_ID = "library-form";
const FILTER = { size: "md", className: "w-full", fieldClassName: "min-w-0" } as const;

export default async function LibraryPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser("portal:read", "/runbooks");
  const query = parseLibraryQuery(await searchParams);
  const library = runbookLibrary();
  const [{ locale, t }, hits, tags, invalid, all] = await Promise.all([
    getTranslator(),
    library.search(toRunbookFilter(query)),
    library.tags(),
    library.invalid(),
    library.list(),
  ]);
  const today = new Date();
  const filtered = hasFilters(query);

  return (
    <div className="space-y-5">
      <PageHeader title={t("library.title")} subtitle={t("library.subtitle")} />

      <Card as="form" tone="raised" id={FORM_ID} role="search" method="get" action="/runbooks">
        <div className="grid gap-3 lg:grid-cols-[minmax(0,5fr)_minmax(0,6fr)] lg:items-end">
          <Field label={t("library.search.label")} htmlFor={SEARCH_ID}>
            <div className="flex gap-2">
              <Input
                size="md"
                id={SEARCH_ID}
                name="q"
                type="search"
                defaultValue={query.q ?? ""}
                placeholder={t("library.search.placeholder")}
                autoComplete="off"
                aria-keyshortcuts="/"
                className="w-full"
              />
              <Button type="submit" variant="dark" size="lg" className="shrink-0">
                {t("library.submit")}
              </Button>
            </div>
          </Field>
          <div className="grid grid-cols-3 gap-2">
            <SelectField
              label={t("library.filter.kind")}
              id="library-kind"
              name="kind"
              defaultValue={query.kind ?? ""}
              anyLabel={t("library.filter.kindAll")}
              choices={RUNBOOK_KINDS.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }))}
              {...FILTER}
            />
            <SelectField
              label={t("library.filter.severity")}
              id="library-severity"
              name="severity"
              defaultValue={query.severity ?? ""}
              anyLabel={t("library.filter.severityAll")}
              choices={SEVERITIES.map((severity) => ({ value: severity, label: t(`severity.${severity}`) }))}
              {...FILTER}
            />
            <SelectField
              label={t("library.filter.tag")}
              id="library-tag"
              name="tag"
              defaultValue={query.tag ?? ""}
              anyLabel={t("library.filter.tagAll")}
              choices={tags.map((tag) => ({ value: tag, label: tag }))}
              {...FILTER}
            />
          </div>
        </div>
        {filtered && (
          <p className="mt-2 text-right text-sm">
            <TextLink href="/runbooks">{t("library.clear")}</TextLink>
          </p>
        )}
      </Card>
      <LibraryKeyboard searchId={SEARCH_ID} formId={FORM_ID} />

      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm text-slate-600">
        <p role="status" data-testid="library-count">
          {hits.length === 1 ? t("library.count.one") : fill(t("library.count.many"), { n: hits.length })}
        </p>
        <p className="hidden text-xs text-slate-500 md:block">{t("library.keyboard")}</p>
      </div>

      {hits.length > 0 ? (
        <ol className="space-y-3" data-testid="library-results">
          {hits.map((hit) => (
            <RunbookListItem
              key={hit.runbook.slug}
              hit={hit}
              locale={locale}
              query={query}
              overdue={reviewOverdue(hit.runbook.meta, today)}
              dueDate={reviewDueDate(hit.runbook.meta.review)}
            />
          ))}
        </ol>
      ) : all.length === 0 ? (
        <Card tone="dashed" padding="none" className="bg-white px-6 py-10 text-center">
          <p className="text-base font-semibold text-slate-900">{t("library.none.title")}</p>
          <p className="mx-auto mt-1 max-w-prose text-sm text-slate-600">{t("library.none.body")}</p>
        </Card>
      ) : (
        <Card tone="dashed" padding="none" className="bg-white px-6 py-10 text-center" data-testid="library-empty">
          <p className="text-base font-semibold text-slate-900">{t("library.empty.title")}</p>
          <p className="mx-auto mt-1 max-w-prose text-sm text-slate-600">
            {t("library.empty.body")}{" "}
            <a href="/runbooks" className="font-medium text-sky-800 underline underline-offset-2">
              {t("library.empty.all")}
            </a>
            .
          </p>
          {query.q && (query.kind || query.severity || query.tag) && (
            <p className="mt-3 text-sm">
              <TextLink href={libraryHref({ q: query.q })} className="font-medium">
                {fill(t("library.empty.withoutFilters"), { q: query.q })}
              </TextLink>
            </p>
          )}
        </Card>
      )}

      {invalid.length > 0 && (
        <section
          aria-labelledby="invalid-heading"
          className="rounded-lg border border-red-200 bg-red-50/60 p-4"
          data-testid="library-invalid"
        >
          <h2 id="invalid-heading" className="font-semibold text-red-900">
            {t("library.invalid.title")} ({invalid.length})
          </h2>
          <p className="mt-1 text-sm text-red-900/80">{t("library.invalid.body")}</p>
          <ul className="mt-3 space-y-3">
            {invalid.map((runbook) => (
              <li key={runbook.slug} className="text-sm">
                <a
                  href={`/runbooks/${encodeURIComponent(runbook.slug)}`}
                  className="font-mono font-medium text-red-900 underline underline-offset-2"
                >
                  runbooks/{runbook.slug}.md
                </a>
                <ul className="mt-1 space-y-0.5 pl-4 text-red-900/90">
                  {runbook.problems
                    .filter((problem) => problem.severity === "error")
                    .slice(0, 8)
                    .map((problem, index) => (
                      <li key={index} className="break-words">
                        <span className="font-mono text-xs">
                          {t("library.line")} {problem.line}:
                        </span>{" "}
                        {problem.message}
                      </li>
                    ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
