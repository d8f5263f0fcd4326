import { db } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { liveHub, type LiveHub } from "@/lib/live/hub";
import { runbookLibrary } from "@/lib/runbooks/library";
import type { EscalationStep, RunbookTrigger, Severity } from "@/lib/runbooks/schema";

// What the incident functions work with: route handlers use the defaults, tests pass their own.

export interface IncidentRunbook {
  slug: string;
  title: string;
  version: string;
  kind: string;
  severity?: Severity;
  escalation: EscalationStep[];
  triggers: RunbookTrigger[];
  /** The task items an incident's steps are ticked against (id and display text). */
  items: Array<{ id: string; text: string }>;
}

export interface RunbookSource {
  list(): Promise<IncidentRunbook[]>;
}

export interface IncidentDeps {
  prisma: PrismaClient;
  runbooks: RunbookSource;
  now: () => Date;
  /** Where new timeline entries are published; null publishes nothing. */
  live: LiveHub | null;
}

export function librarySource(): RunbookSource {
  return {
    async list() {
      return (await runbookLibrary().list()).map((r) => ({
        slug: r.slug,
        title: r.meta.title,
        version: r.version,
        kind: r.meta.kind,
        severity: r.meta.severity,
        escalation: r.meta.escalation ?? [],
        triggers: r.meta.triggers,
        items: r.items.map((item) => ({ id: item.id, text: item.text })),
      }));
    },
  };
}

export function staticRunbooks(runbooks: IncidentRunbook[]): RunbookSource {
  return { list: async () => runbooks };
}

export function resolveDeps(overrides: Partial<IncidentDeps> = {}): IncidentDeps {
  return {
    prisma: overrides.prisma ?? db(),
    runbooks: overrides.runbooks ?? librarySource(),
    now: overrides.now ?? (() => new Date()),
    live: overrides.live === undefined ? liveHub() : overrides.live,
  };
}
