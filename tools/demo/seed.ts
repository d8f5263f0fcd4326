import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import type { Cadence, Role, Severity } from "@/lib/generated/prisma/enums.ts";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { addDays, localDate, periodDeadline, periodOfDate, periodsOverlapping, zonedTimeToUtc, type LocalDate, type Period } from "@/lib/checklists/periods";

// Demo data: a small team, a few weeks of checklist history (mostly done, some partial, some
// late, a few missed) and some past incidents. Deterministic and idempotent, so running the
// seed twice changes nothing.

export const DEMO_USERS: Array<{ email: string; name: string; role: Role }> = [
  { email: "ana.souza@exemplo.com.br", name: "Ana Souza", role: "manager" },
  { email: "lucas.lima@exemplo.com.br", name: "Lucas Lima", role: "operator" },
  { email: "marcos.paulo@exemplo.com.br", name: "Marcos Paulo", role: "operator" },
  { email: "bianca.ramos@exemplo.com.br", name: "Bianca Ramos", role: "admin" },
  { email: "visitante@exemplo.com.br", name: "Visitante", role: "viewer" },
];

export interface SeedChecklist {
  slug: string;
  version: string;
  cadence: Cadence;
  /** HH:MM local time. */
  deadline: string | null;
  items: Array<{ id: string; optional: boolean }>;
}

export interface SeedOptions {
  now: Date;
  timeZone: string;
  checklists: SeedChecklist[];
  /** How many past days of daily history to create. */
  days?: number;
  /** Password for the demo users' local accounts (generated per machine by scripts/seed.ts). */
  password?: string;
}

/** A cheap deterministic PRNG so the demo history is the same on every machine. */
function random(seed: string): () => number {
  let h = 2166136261;
  for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return () => {
    h = Math.imul(h ^ (h >>> 15), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return ((h ^= h >>> 16) >>> 0) / 4294967296;
  };
}

/** The periods of a cadence that ended in the last `days` days (the current one is left to do). */
function pastPeriods(cadence: Cadence, today: LocalDate, days: number): Period[] {
  const current = periodOfDate(cadence, today);
  return periodsOverlapping(cadence, addDays(today, -days), addDays(today, -1)).filter((p) => p.key !== current.key);
}

export async function seedDemoData(prisma: PrismaClient, options: SeedOptions): Promise<{ users: number; runs: number; ticks: number; incidents: number }> {
  const { timeZone } = options;
  const users = [];
  for (const u of DEMO_USERS) {
    users.push(await prisma.user.upsert({ where: { email: u.email }, update: {}, create: { ...u, emailVerified: true } }));
  }
  if (options.password) {
    // Demo accounts always take this machine's demo password, so a second clone or a fresh
    // .data/ still signs in to a database seeded earlier.
    const hash = await hashPassword(options.password);
    for (const user of users) {
      const account = await prisma.account.findFirst({ where: { userId: user.id, providerId: "credential" } });
      if (!account) await prisma.account.create({ data: { userId: user.id, accountId: user.id, providerId: "credential", password: hash } });
      else if (!(await verifyPassword({ hash: account.password ?? "", password: options.password }))) {
        await prisma.account.update({ where: { id: account.id }, data: { password: hash } });
      }
    }
  }
  const operators = users.filter((u) => u.role === "operator" || u.role === "admin");
  const today = localDate(options.now, timeZone);
  let runs = 0;
  let ticks = 0;

  for (const checklist of options.checklists) {
    const days = options.days ?? 28;
    const horizon = checklist.cadence === "daily" ? days : checklist.cadence === "weekly" ? days * 2 : checklist.cadence === "monthly" ? 120 : 200;
    for (const period of pastPeriods(checklist.cadence, today, horizon)) {
      const rnd = random(`${checklist.slug}:${period.key}`);
      const fate = rnd();
      if (fate < 0.08) continue; // missed: nobody opened the checklist that period
      const exists = await prisma.checklistRun.findUnique({ where: { runbookSlug_periodKey: { runbookSlug: checklist.slug, periodKey: period.key } } });
      if (exists) continue;
      const actor = operators[Math.floor(rnd() * operators.length)]!;
      // Runs are due on the period's last day at the runbook's deadline; without one nothing is late.
      const deadlineAt = checklist.deadline ? periodDeadline(period, checklist.deadline, timeZone) : null;
      const anchor = deadlineAt ?? zonedTimeToUtc(period.end, 17, 0, timeZone);
      const late = deadlineAt !== null && fate > 0.88;
      // Operators start about two hours before the deadline; late runs finish after it.
      let at = new Date(anchor.getTime() - (late ? 30 : 120 + rnd() * 40) * 60_000);
      const partial = fate >= 0.08 && fate < 0.2;
      const required = checklist.items.filter((i) => !i.optional).map((i) => i.id);
      const tickRows: Array<{ itemId: string; action: "tick"; actorId: string; note: string | null; evidence: { seeded: boolean }; idempotencyKey: string; createdAt: Date }> = [];
      for (const item of checklist.items) {
        const skip = (partial && rnd() < 0.35) || (item.optional && rnd() < 0.5);
        if (skip) continue;
        at = new Date(at.getTime() + (2 + rnd() * 6) * 60_000);
        tickRows.push({
          itemId: item.id,
          action: "tick" as const,
          actorId: actor.id,
          note: rnd() < 0.1 ? "Tudo normal no painel." : null,
          evidence: { seeded: true },
          idempotencyKey: `seed:${checklist.slug}:${period.key}:${item.id}`,
          createdAt: at,
        });
      }
      const tickedRequired = required.every((id) => tickRows.some((t) => t.itemId === id));
      await prisma.checklistRun.create({
        data: {
          runbookSlug: checklist.slug,
          runbookVersion: checklist.version,
          cadence: checklist.cadence,
          periodKey: period.key,
          requiredItems: required,
          optionalItems: checklist.items.filter((i) => i.optional).map((i) => i.id),
          deadlineAt,
          createdAt: new Date(anchor.getTime() - 150 * 60_000),
          completedAt: tickedRequired ? at : null,
          completedById: tickedRequired ? actor.id : null,
          ticks: { create: tickRows },
        },
      });
      runs += 1;
      ticks += tickRows.length;
    }
  }

  const incidents = await seedIncidents(prisma, users, options.now);
  return { users: users.length, runs, ticks, incidents };
}

async function seedIncidents(prisma: PrismaClient, users: Array<{ id: string; role: Role }>, now: Date): Promise<number> {
  const commander = users.find((u) => u.role === "operator")!;
  const samples: Array<{ title: string; severity: Severity; runbookSlug: string; daysAgo: number; ackMin: number; resolveMin: number; note: string }> = [
    { title: "P95 de /api/checkout acima de 750 ms", severity: "P2", runbookSlug: "02-alerta-performance-degradada", daysAgo: 12, ackMin: 6, resolveMin: 48, note: "Índice ausente em pedidos(created_at); criado em produção." },
    { title: "Job de pagamento na DLQ (cartão recusado)", severity: "P2", runbookSlug: "03-alerta-job-na-dlq", daysAgo: 6, ackMin: 3, resolveMin: 25, note: "Erro permanente do emissor; job descartado após contato com o cliente." },
    { title: "Portal fora do ar após deploy", severity: "P1", runbookSlug: "10-sistema-offline", daysAgo: 3, ackMin: 4, resolveMin: 31, note: "Rollback do deploy resolveu; causa: variável de ambiente ausente." },
  ];
  let created = 0;
  for (const s of samples) {
    const fingerprint = `seed:${s.runbookSlug}:${s.daysAgo}`;
    if (await prisma.incident.findFirst({ where: { fingerprint } })) continue;
    const openedAt = new Date(now.getTime() - s.daysAgo * 86_400_000);
    const at = (min: number) => new Date(openedAt.getTime() + min * 60_000);
    await prisma.incident.create({
      data: {
        title: s.title,
        severity: s.severity,
        status: "resolved",
        runbookSlug: s.runbookSlug,
        fingerprint,
        commanderId: commander.id,
        openedById: commander.id,
        openedAt,
        acknowledgedAt: at(s.ackMin),
        mitigatedAt: at(Math.round(s.resolveMin * 0.7)),
        resolvedAt: at(s.resolveMin),
        timeline: {
          create: [
            { kind: "status", actorId: commander.id, body: "acknowledged", createdAt: at(s.ackMin) },
            { kind: "note", actorId: commander.id, body: s.note, createdAt: at(Math.round(s.resolveMin * 0.6)) },
            { kind: "status", actorId: commander.id, body: "mitigated", createdAt: at(Math.round(s.resolveMin * 0.7)) },
            { kind: "status", actorId: commander.id, body: "resolved", createdAt: at(s.resolveMin) },
          ],
        },
      },
    });
    created += 1;
  }
  return created;
}

