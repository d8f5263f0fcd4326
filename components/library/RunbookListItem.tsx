import type { ReactNode } from "react";
import { Card } from "@/components/ui/Card";
import { translator, type Locale } from "@/lib/i18n/messages";
import { fill, formatDay } from "@/lib/i18n/format";
import { foldText, type SearchHit } from "@/lib/runbooks/search";
import { CadenceBadge, KindBadge, ReviewOverdueBadge, SeverityBadge } from "./Badges";
import { libraryHref, type LibraryQuery } from "./filter";
import { TagList } from "./TagList";

/** Marks the query's words in a snippet, ignoring case and accents as the search does. */
function highlight(text: string, query: string | undefined): ReactNode {
  const words = foldText(query ?? "")
    .split(/\s+/)
    .filter((word) => word.length > 1);
  const folded = foldText(text);
  if (words.length === 0 || folded.length !== text.length) return text;
  const marked = new Array<boolean>(text.length).fill(false);
  for (const word of words) {
    for (let at = folded.indexOf(word); at !== -1; at = folded.indexOf(word, at + word.length))
      marked.fill(true, at, at + word.length);
  }
  const parts: ReactNode[] = [];
  let start = 0;
  for (let i = 1; i <= text.length; i++) {
    if (i === text.length || marked[i] !== marked[start]) {
      const piece = text.slice(start, i);
      parts.push(
        marked[start] ? (
          <mark key={start} className="rounded-sm bg-yellow-100 px-0.5 text-slate-900 not-italic">
            {piece}
          </mark>
        ) : (
          piece
        ),
      );
      start = i;
    }
  }
  return parts;
}

interface RunbookListItemProps {
  hit: SearchHit;
  locale: Locale;
  overdue: boolean;
  dueDate: string;
  /** The current filters, kept when a tag is clicked. */
  query: LibraryQuery;
}

export function RunbookListItem({ hit, locale, overdue, dueDate, query }: RunbookListItemProps) {
  const t = translator(locale);
  const { runbook, snippet } = hit;
  const meta = runbook.meta;
  return (
    <Card
      as="li"
      tone="raised"
      padding="none"
      data-slug={runbook.slug}
      className="group relative px-4 py-3 transition-colors focus-within:border-sky-500 focus-within:ring-2 focus-within:ring-sky-200 hover:border-slate-400"
    >
      <div className="flex flex-wrap items-center gap-1.5">
        <KindBadge kind={meta.kind} locale={locale} />
        {meta.severity && <SeverityBadge severity={meta.severity} locale={locale} />}
        {meta.cadence && <CadenceBadge cadence={meta.cadence} locale={locale} />}
        {overdue && <ReviewOverdueBadge locale={locale} due={dueDate} />}
        <span className="ml-auto hidden font-mono text-xs text-slate-400 sm:inline">{runbook.slug}</span>
      </div>
      <h2 className="mt-1.5 text-base leading-snug font-semibold text-slate-900">
        <a
          href={`/runbooks/${encodeURIComponent(runbook.slug)}`}
          data-library-result
          className="rounded-sm outline-none hover:text-sky-800 hover:underline focus-visible:underline"
        >
          {meta.title}
        </a>
      </h2>
      <p className="mt-0.5 text-sm text-slate-600">{meta.summary}</p>
      {snippet && (
        <p className="mt-1 border-l-2 border-slate-200 pl-2 text-xs break-words text-slate-500 italic">
          {highlight(snippet, query.q)}
        </p>
      )}
      <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600">
        <span>
          {t("library.owner")}: <span className="font-medium text-slate-800">{meta.owner}</span>
        </span>
        <span className={overdue ? "font-medium text-amber-800" : undefined}>
          {fill(t("library.reviewDue"), { date: formatDay(dueDate, locale) })}
        </span>
        {meta.tags.length > 0 && (
          <TagList tags={meta.tags} label={t("runbook.tags")} hrefOf={(tag) => libraryHref({ ...query, tag })} />
        )}
      </div>
    </Card>
  );
}
