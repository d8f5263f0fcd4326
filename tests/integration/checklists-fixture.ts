// Shared set-up of the checklist integration tests: a throw-away database, a few users, fixed
// checklist definitions and a clock the test moves.

import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import type { Role } from "@/lib/generated/prisma/enums.ts";
import { staticSource, type ChecklistDefinition } from "@/lib/checklists/definitions";
import type { ChecklistDeps } from "@/lib/checklists/deps";
import { recordTick } from "@/lib/checklists/ticks";
import type { Actor, TickResult } from "@/lib/checklists/types";
import { createPrismaClient } from "@/lib/db/client";
import { api } from "@/lib/http/contracts";
import { admit } from "@/lib/http/route";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/database";

export const DAILY: ChecklistDefinition = {
  slug: "01-diario",
  title: "Diário",
  version: "v1",
  cadence: "daily",
  deadline: "10:00",
  items: [
    { id: "filas", text: "Filas", optional: false },
    { id: "dlq", text: "DLQ", optional: false },
    { id: "sentry", text: "Sentry", optional: false },
    { id: "logs-extra", text: "Logs extra", optional: true },
  ],
};

export const WEEKLY: ChecklistDefinition = {
  slug: "02-semanal",
  title: "Semanal",
  version: "w1",
  cadence: "weekly",
  deadline: null,
  items: [{ id: "backups", text: "Backups", optional: false }],
};

export interface Fixture {
  database: TestDatabase;
  prisma: PrismaClient;
  users: Record<"ana" | "lucas" | "marcos" | "visitante", Actor & { name: string; email: string }>;
  clock: { now: Date };
  definitions: ChecklistDefinition[];
  deps(overrides?: Partial<ChecklistDeps>): Partial<ChecklistDeps>;
  close(): Promise<void>;
}

export async function createFixture(timeZone = "America/Sao_Paulo"): Promise<Fixture> {
  const database = await createTestDatabase();
  const prisma = createPrismaClient(database.url);
  const make = async (name: string, role: Role) => {
    const email = `${name}@example.com`;
    const user = await prisma.user.create({ data: { email, name, role } });
    return { id: user.id, role, name, email };
  };
  const users = {
    ana: await make("ana", "manager"),
    lucas: await make("lucas", "operator"),
    marcos: await make("marcos", "operator"),
    visitante: await make("visitante", "viewer"),
  };
  const clock = { now: new Date("2026-11-25T11:00:00Z") };
  const definitions = [DAILY, WEEKLY];
  const fixture: Fixture = {
    database,
    prisma,
    users,
    clock,
    definitions,
    deps: (overrides = {}) => ({
      prisma,
      checklists: staticSource(fixture.definitions),
      timeZone,
      now: () => clock.now,
      live: null,
      ...overrides,
    }),
    close: async () => {
      await prisma.$disconnect();
      await database.drop();
    },
  };
  return fixture;
}

let keyCounter = 0;
/** A fresh idempotency key. */
export const key = (label = "k") =>
  `${label}-${process.pid}-${++keyCounter}-${Math.random().toString(36).slice(2, 10)}`;

/** A tick as the route takes it: the contract's checks (permission, run id, body), then recordTick. */
export async function tickAs(
  runId: string,
  body: Record<string, unknown>,
  who: Actor,
  overrides: Partial<ChecklistDeps> = {},
): Promise<TickResult> {
  const input = admit(api.tick, who, { params: { runId }, body });
  return recordTick(input.params.runId, input.body, who, overrides);
}
