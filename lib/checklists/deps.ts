import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { liveHub, type LiveHub } from "@/lib/live/hub";
import { librarySource, type ChecklistSource } from "./definitions";

// What the checklist functions work with. Route handlers use the defaults (the portal's database,
// runbooks, time zone, clock and live hub); tests and benchmarks pass their own.

export interface ChecklistDeps {
  prisma: PrismaClient;
  checklists: ChecklistSource;
  /** IANA time zone in which periods and deadlines are reckoned. */
  timeZone: string;
  now: () => Date;
  /** Where saved ticks are published; null publishes nothing. */
  live: LiveHub | null;
}

export function resolveDeps(overrides: Partial<ChecklistDeps> = {}): ChecklistDeps {
  return {
    prisma: overrides.prisma ?? db(),
    checklists: overrides.checklists ?? librarySource(),
    timeZone: overrides.timeZone ?? config().TIMEZONE,
    now: overrides.now ?? (() => new Date()),
    live: overrides.live === undefined ? liveHub() : overrides.live,
  };
}
