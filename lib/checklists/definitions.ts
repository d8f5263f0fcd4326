import type { Cadence } from "@/lib/generated/prisma/enums.ts";
import { runbookLibrary, type RunbookLibrary } from "@/lib/runbooks/library";
import type { ParsedRunbook } from "@/lib/runbooks/types";

// What the checklist domain needs from a runbook: its cadence, deadline and items. Reading them
// through this small interface keeps the domain testable without runbook files.

export interface ChecklistItemDefinition {
  id: string;
  text: string;
  /** Not required for the run to count as complete. */
  optional: boolean;
}

export interface ChecklistDefinition {
  slug: string;
  title: string;
  /** Content hash of the runbook file; every run records the version it was opened against. */
  version: string;
  cadence: Cadence;
  /** HH:MM local time, or null when the runbook sets none. */
  deadline: string | null;
  items: ChecklistItemDefinition[];
}

export interface ChecklistSource {
  /** The checklist runbook with this slug; null when there is none or it is not a checklist. */
  get(slug: string): Promise<ChecklistDefinition | null>;
  /** Every checklist runbook, sorted by slug. */
  list(): Promise<ChecklistDefinition[]>;
}

export function checklistFromRunbook(runbook: ParsedRunbook): ChecklistDefinition | null {
  const meta = runbook.meta;
  if (!meta || meta.kind !== "checklist" || !meta.cadence) return null;
  return {
    slug: runbook.slug,
    title: meta.title,
    version: runbook.version,
    cadence: meta.cadence,
    deadline: meta.deadline ?? null,
    items: runbook.items.map((item) => ({ id: item.id, text: item.text, optional: item.optional })),
  };
}

/** Checklists read from a runbook library (the portal's `runbooks/` by default). */
export function librarySource(library: RunbookLibrary = runbookLibrary()): ChecklistSource {
  return {
    async get(slug) {
      const runbook = await library.getRunbook(slug);
      return runbook ? checklistFromRunbook(runbook) : null;
    },
    async list() {
      return (await library.all()).map(checklistFromRunbook).filter((c): c is ChecklistDefinition => c !== null);
    },
  };
}

/** Fixed definitions, for tests and benchmarks. */
export function staticSource(definitions: ChecklistDefinition[]): ChecklistSource {
  const sorted = [...definitions].sort((a, b) => a.slug.localeCompare(b.slug));
  return {
    get: async (slug) => sorted.find((d) => d.slug === slug) ?? null,
    list: async () => sorted,
  };
}
