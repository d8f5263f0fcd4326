import { z } from "zod";
import { RUNBOOK_KINDS, SEVERITIES, type RunbookKind, type Severity } from "@/lib/runbooks/schema";
import type { RunbookFilter } from "@/lib/runbooks/library";

// The library's URL is its state (GET form): /runbooks?q=dlq&kind=alert&severity=P1&tag=filas.
// A value that is not valid is ignored rather than an error: a shared link with an old filter
// still opens the library.

type SearchParams = Record<string, string | string[] | undefined>;

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() || undefined;

export interface LibraryQuery {
  q?: string;
  kind?: RunbookKind;
  severity?: Severity;
  tag?: string;
}

export function parseLibraryQuery(params: SearchParams): LibraryQuery {
  const kind = z.enum(RUNBOOK_KINDS).safeParse(one(params.kind));
  const severity = z.enum(SEVERITIES).safeParse(one(params.severity));
  const q = one(params.q)?.slice(0, 200);
  const tag = one(params.tag)?.slice(0, 100);
  return {
    ...(q ? { q } : {}),
    ...(kind.success ? { kind: kind.data } : {}),
    ...(severity.success ? { severity: severity.data } : {}),
    ...(tag ? { tag } : {}),
  };
}

export function toRunbookFilter(query: LibraryQuery): RunbookFilter {
  return { query: query.q, kind: query.kind, severity: query.severity, tag: query.tag };
}

export function hasFilters(query: LibraryQuery): boolean {
  return Boolean(query.q || query.kind || query.severity || query.tag);
}

/** The library URL for a query (empty values left out). */
export function libraryHref(query: LibraryQuery): string {
  const params = new URLSearchParams();
  for (const key of ["q", "kind", "severity", "tag"] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  const search = params.toString();
  return search ? `/runbooks?${search}` : "/runbooks";
}
