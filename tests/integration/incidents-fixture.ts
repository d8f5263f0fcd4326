// Shared set-up of the incident integration tests: a throw-away database, a few users, two
// alert runbooks with triggers, a clock the test moves and a live hub on its own Redis prefix.

import { after, before, beforeEach } from "node:test";
import { Redis } from "ioredis";
import { config } from "@/lib/config";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import type { Role } from "@/lib/generated/prisma/enums.ts";
import { createPrismaClient } from "@/lib/db/client";
import { staticRunbooks, type IncidentDeps, type IncidentRunbook } from "@/lib/incidents/deps";
import type { Actor } from "@/lib/incidents/types";
import { LiveHub } from "@/lib/live/hub";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/database";
import { uniquePrefix } from "@/tests/helpers/redis";

export const RUNBOOKS: IncidentRunbook[] = [
  {
    slug: "02-alerta-performance-degradada",
    title: "Performance degradada",
    version: "v2",
    kind: "alert",
    severity: "P2",
    escalation: [
      { level: 1, who: "N1", after: 0 },
      { level: 2, who: "N2", after: 30 },
    ],
    triggers: [{ source: "sentry", match: "P95 > 750ms" }],
    items: [
      { id: "assumir", text: "Assuma o incidente" },
      { id: "endpoint", text: "Identifique o endpoint" },
    ],
  },
  {
    slug: "03-alerta-job-na-dlq",
    title: "Job na DLQ",
    version: "v3",
    kind: "alert",
    severity: "P2",
    escalation: [],
    triggers: [{ source: "alertmanager", match: "DeadLetterQueueNotEmpty" }],
    items: [
      { id: "assumir", text: "Assuma o incidente e confirme a fila" },
      { id: "inspecionar", text: "Inspecione os dados do job" },
    ],
  },
  {
    slug: "01-diario",
    title: "Diário",
    version: "v1",
    kind: "checklist",
    escalation: [],
    triggers: [],
    items: [{ id: "filas", text: "Verifique as filas" }],
  },
];

export interface IncidentFixture {
  database: TestDatabase;
  prisma: PrismaClient;
  hub: LiveHub;
  users: Record<"ana" | "lucas" | "marcos" | "visitante", Actor>;
  clock: { now: Date };
  deps(overrides?: Partial<IncidentDeps>): Partial<IncidentDeps>;
  close(): Promise<void>;
}

export async function createIncidentFixture(): Promise<IncidentFixture> {
  const database = await createTestDatabase();
  const prisma = createPrismaClient(database.url);
  // Its own publishing connection: the process-wide one has no offline queue and may not be up yet.
  const publisher = new Redis(config().REDIS_URL, { maxRetriesPerRequest: 1 });
  const hub = new LiveHub({ prefix: uniquePrefix("incidents"), publisher });
  const make = async (name: string, role: Role) => {
    const user = await prisma.user.create({ data: { email: `${name}@example.com`, name, role } });
    return { id: user.id, email: user.email, role, name };
  };
  const users = {
    ana: await make("ana", "manager"),
    lucas: await make("lucas", "operator"),
    marcos: await make("marcos", "operator"),
    visitante: await make("visitante", "viewer"),
  };
  const clock = { now: new Date("2026-11-25T11:00:00Z") };
  return {
    database,
    prisma,
    hub,
    users,
    clock,
    deps: (overrides = {}) => ({
      prisma,
      runbooks: staticRunbooks(RUNBOOKS),
      now: () => clock.now,
      live: null,
      ...overrides,
    }),
    close: async () => {
      await hub.close();
      publisher.disconnect();
      await prisma.$disconnect();
      await database.drop();
    },
  };
}

let counter = 0;
export const key = (label = "k") => `${label}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 10)}`;

export const minutes = (date: Date, n: number) => new Date(date.getTime() + n * 60_000);

/**
 * One fixture for the test file (or the describe block it is called in), emptied of incidents and
 * audit events before each test, with the clock set back. Call the returned getter inside tests.
 */
export function sharedIncidentFixture(): () => IncidentFixture {
  let fixture: IncidentFixture | undefined;
  before(async () => {
    fixture = await createIncidentFixture();
  });
  after(async () => {
    await fixture?.close();
  });
  beforeEach(async () => {
    await fixture!.prisma.auditEvent.deleteMany();
    await fixture!.prisma.incident.deleteMany();
    fixture!.clock.now = new Date("2026-11-25T11:00:00Z");
  });
  return () => fixture!;
}
