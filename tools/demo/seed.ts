import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import type { Cadence, Role, Severity } from "@/lib/generated/prisma/enums.ts";
import { createHash } from "node:crypto";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { writeNote } from "@/lib/checklists/notes";
import { recordSeverityChange } from "@/lib/incidents/severity";
import {
  addDays,
  formatLocalDate,
  localDate,
  periodDeadline,
  periodOfDate,
  periodsOverlapping,
  zonedTimeToUtc,
  type LocalDate,
  type Period,
} from "@/lib/checklists/periods";

// Demo data: a small team, a few weeks of checklist history (mostly done, some partial, some
// late, a few missed, a few items with notes, one of them corrected) and some incidents (one
// raised P2 → P1, one still open and declared without a runbook). Deterministic and idempotent, so running the
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

/** A UUID (v5 layout) derived from `name`, so a row the client would name gets the same id on every run. */
export function seedUuid(name: string): string {
  const hex = createHash("sha1").update(`ops-portal-seed:${name}`).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export async function seedDemoData(
  prisma: PrismaClient,
  options: SeedOptions,
): Promise<{ users: number; runs: number; ticks: number; notes: number; incidents: number }> {
  const { timeZone } = options;
  const users = [];
  for (const u of DEMO_USERS) {
    users.push(
      await prisma.user.upsert({ where: { email: u.email }, update: {}, create: { ...u, emailVerified: true } }),
    );
  }
  if (options.password) {
    // Demo accounts always take this machine's demo password, so a second clone or a fresh
    // .data/ still signs in to a database seeded earlier.
    const hash = await hashPassword(options.password);
    for (const user of users) {
      const account = await prisma.account.findFirst({ where: { userId: user.id, providerId: "credential" } });
      if (!account)
        await prisma.account.create({
          data: { userId: user.id, accountId: user.id, providerId: "credential", password: hash },
        });
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
    const horizon =
      checklist.cadence === "daily"
        ? days
        : checklist.cadence === "weekly"
          ? days * 2
          : checklist.cadence === "monthly"
            ? 120
            : 200;
    for (const period of pastPeriods(checklist.cadence, today, horizon)) {
      const rnd = random(`${checklist.slug}:${period.key}`);
      const fate = rnd();
      if (fate < 0.08) continue; // missed: nobody opened the checklist that period
      const exists = await prisma.checklistRun.findUnique({
        where: { runbookSlug_periodKey: { runbookSlug: checklist.slug, periodKey: period.key } },
      });
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
      const tickRows: Array<{
        itemId: string;
        action: "tick";
        actorId: string;
        note: string | null;
        evidence: { seeded: boolean };
        idempotencyKey: string;
        createdAt: Date;
      }> = [];
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

  const daily = options.checklists.find((c) => c.cadence === "daily");
  const notes = daily ? await seedNotes(prisma, daily, today, users) : 0;
  const incidents = await seedIncidents(prisma, users, options.now);
  return { users: users.length, runs, ticks, notes, incidents };
}

// Notes an operator saved on items of past daily runs (days chosen away from the ones the e2e
// specs rewrite). Each goes on the first run from `daysAgo` back where an operator ticked the
// item, written by that operator.
const DEMO_NOTES: Array<{ daysAgo: number; itemId: string; text: string; correction?: string }> = [
  {
    daysAgo: 1,
    itemId: "fila-espera",
    text: "payments: 14 aguardando; notifications: 120; reports: 3. Todas dentro dos limites.",
  },
  {
    daysAgo: 5,
    itemId: "dlq-tamanho",
    text: "payments-dlq: 1 job (cartão recusado). Demais DLQs vazias.",
    correction:
      "payments-dlq: 1 job (cartão recusado), descartado às 09:40 após contato com o emissor. Demais DLQs vazias.",
  },
  {
    daysAgo: 8,
    itemId: "registro",
    text: "Dia tranquilo: nenhum alerta novo, P95 de /api/checkout estável em 420 ms.",
  },
];

async function seedNotes(
  prisma: PrismaClient,
  checklist: SeedChecklist,
  today: LocalDate,
  users: Array<{ id: string; email: string; role: Role }>,
): Promise<number> {
  const itemIds = new Set(checklist.items.map((i) => i.id));
  let saves = 0;
  for (const spec of DEMO_NOTES) {
    // A checklist without the named item (a test fixture) gets the note on its first item.
    const itemId = itemIds.has(spec.itemId) ? spec.itemId : checklist.items[0]?.id;
    if (!itemId) continue;
    const tick = await prisma.checklistTick.findFirst({
      where: {
        itemId,
        action: "tick",
        actor: { role: "operator" },
        run: {
          runbookSlug: checklist.slug,
          periodKey: {
            gte: formatLocalDate(addDays(today, -spec.daysAgo - 7)),
            lte: formatLocalDate(addDays(today, -spec.daysAgo)),
          },
        },
      },
      orderBy: [{ run: { periodKey: "desc" } }],
      select: { runId: true, actorId: true, createdAt: true, run: { select: { periodKey: true } } },
    });
    const author = users.find((u) => u.id === tick?.actorId);
    if (!tick || !author) continue;
    const key = `${checklist.slug}:${tick.run.periodKey}:${itemId}`;
    const noteId = seedUuid(`note:${key}`);
    const texts = spec.correction ? [spec.text, spec.correction] : [spec.text];
    for (const [i, text] of texts.entries()) {
      const at = new Date(tick.createdAt.getTime() + (1 + i * 25) * 60_000);
      // The idempotency key makes a second seed a replay that writes nothing.
      const input = { noteId, itemId, text, idempotencyKey: `seed:note:${key}:${i}` };
      const result = await prisma.$transaction((tx) =>
        writeNote(tx, tick.runId, input, { id: author.id, role: author.role }, author.email, at),
      );
      if (result.outcome !== "replayed") saves += 1;
    }
  }
  return saves;
}

interface SampleIncident {
  title: string;
  severity: Severity;
  /** null: declared by hand without a runbook. */
  runbookSlug: string | null;
  daysAgo: number;
  ackMin: number;
  /** null: still open (acknowledged, being worked on). */
  resolveMin: number | null;
  note: string;
  /** A raise before the acknowledgement, so the response target counts from it. */
  raise?: { to: Severity; atMin: number; reason: string };
}

async function seedIncidents(
  prisma: PrismaClient,
  users: Array<{ id: string; name: string; email: string; role: Role }>,
  now: Date,
): Promise<number> {
  const commander = users.find((u) => u.role === "operator")!;
  const samples: SampleIncident[] = [
    {
      title: "P95 de /api/checkout acima de 750 ms",
      severity: "P2",
      runbookSlug: "02-alerta-performance-degradada",
      daysAgo: 12,
      ackMin: 6,
      resolveMin: 48,
      note: "Índice ausente em pedidos(created_at); criado em produção.",
    },
    {
      title: "Job de pagamento na DLQ (cartão recusado)",
      severity: "P2",
      runbookSlug: "03-alerta-job-na-dlq",
      daysAgo: 6,
      ackMin: 3,
      resolveMin: 25,
      note: "Erro permanente do emissor; job descartado após contato com o cliente.",
    },
    {
      title: "Portal fora do ar após deploy",
      severity: "P1",
      runbookSlug: "10-sistema-offline",
      daysAgo: 3,
      ackMin: 4,
      resolveMin: 31,
      note: "Rollback do deploy resolveu; causa: variável de ambiente ausente.",
    },
    {
      title: "Checkout lento, pagamentos falhando",
      severity: "P2",
      runbookSlug: "02-alerta-performance-degradada",
      daysAgo: 9,
      ackMin: 7,
      resolveMin: 56,
      note: "Pool de conexões do gateway esgotado; limite aumentado e workers reiniciados.",
      raise: { to: "P1", atMin: 3, reason: "Pagamentos afetados: o runbook manda elevar para P1." },
    },
    {
      title: "Relatórios mensais chegando com atraso",
      severity: "P3",
      runbookSlug: null,
      daysAgo: 1,
      ackMin: 12,
      resolveMin: null,
      note: "Nenhum runbook cobre este caso; fila reports com 60 jobs aguardando, investigando o worker.",
    },
  ];
  let created = 0;
  for (const s of samples) {
    const fingerprint = `seed:${s.runbookSlug ?? "manual"}:${s.daysAgo}`;
    if (await prisma.incident.findFirst({ where: { fingerprint } })) continue;
    const openedAt = new Date(now.getTime() - s.daysAgo * 86_400_000);
    const at = (min: number) => new Date(openedAt.getTime() + min * 60_000);
    const resolved = s.resolveMin !== null;
    const timeline: Array<{ kind: "status" | "note"; actorId: string; body: string; createdAt: Date }> = [
      { kind: "status", actorId: commander.id, body: "acknowledged", createdAt: at(s.ackMin) },
      {
        kind: "note",
        actorId: commander.id,
        body: s.note,
        createdAt: at(s.resolveMin === null ? s.ackMin + 10 : Math.round(s.resolveMin * 0.6)),
      },
    ];
    if (s.resolveMin !== null) {
      timeline.push(
        { kind: "status", actorId: commander.id, body: "mitigated", createdAt: at(Math.round(s.resolveMin * 0.7)) },
        { kind: "status", actorId: commander.id, body: "resolved", createdAt: at(s.resolveMin) },
      );
    }
    if (s.runbookSlug === null) {
      // As openIncident words an opening without a runbook, so the page offers to attach one.
      timeline.unshift({
        kind: "status",
        actorId: commander.id,
        body: `Incidente aberto (${s.severity}) sem runbook. Comandante: ${commander.name}.`,
        createdAt: openedAt,
      });
    }
    await prisma.$transaction(async (tx) => {
      const incident = await tx.incident.create({
        data: {
          title: s.title,
          severity: s.severity,
          status: resolved ? "resolved" : "acknowledged",
          source: "manual",
          runbookSlug: s.runbookSlug,
          fingerprint,
          commanderId: commander.id,
          openedById: commander.id,
          openedAt,
          acknowledgedAt: at(s.ackMin),
          mitigatedAt: s.resolveMin === null ? null : at(Math.round(s.resolveMin * 0.7)),
          resolvedAt: s.resolveMin === null ? null : at(s.resolveMin),
          timeline: { create: timeline },
        },
      });
      if (s.raise) {
        // The raise happened before the acknowledgement: the incident as it was then.
        const before = { id: incident.id, severity: s.severity, openedAt, acknowledgedAt: null };
        await recordSeverityChange(tx, before, {
          to: s.raise.to,
          reason: s.raise.reason,
          at: at(s.raise.atMin),
          actorId: commander.id,
          actorLabel: commander.email,
          idempotencyKey: `seed:${fingerprint}:severity`,
        });
      }
    });
    created += 1;
  }
  return created;
}
