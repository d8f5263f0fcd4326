import { createHash } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import type { Role } from "@/lib/generated/prisma/enums.ts";
import { ROLES } from "@/lib/auth/permissions";
import { createLocalUser } from "@/lib/auth/users";
import { config } from "@/lib/config";
import { createPrismaClient } from "@/lib/db/client";
import { deadLetterJobId, type DeadLetterPayload } from "@/lib/queues/dead-letter";
import { RunbookLibrary } from "@/lib/runbooks/library";
import { FuzzClient, SessionJar } from "./client";
import { SCRIPT_PAYLOADS } from "./hostile";

// The throw-away world the fuzz works in, so it never disturbs what the other e2e specs (or the
// demo accounts) rely on: its own users — named with script payloads, since names are shown on
// many pages — its own incidents, its own DLQ entries. Everything else (runs, runbooks, queues)
// is only read here and handed to the generators as "known valid" values.

export interface FuzzUser {
  id: string;
  email: string;
  password: string;
  name: string;
  role: Role;
}

export interface KnownRun {
  id: string;
  slug: string;
  items: string[];
}

export interface FuzzContext {
  baseUrl: string;
  client: FuzzClient;
  /** Signed-in users, one per role; their sessions are in the client's jar. */
  users: Record<Role, FuzzUser>;
  /** Accounts the fuzz may hand command to or change the role of (never a demo account). */
  targets: FuzzUser[];
  disabledUser: FuzzUser;
  /** The account the sign-in fuzz may guess right (and lock out). */
  signInUser: FuzzUser;
  /** Incidents opened by the fuzz for its writes. */
  incidents: string[];
  /** Small incidents (the demo's), for pages that render a whole timeline. */
  quietIncidents: string[];
  currentRuns: KnownRun[];
  pastRuns: string[];
  checklistSlugs: string[];
  alertRunbooks: string[];
  otherRunbooks: string[];
  queues: { name: string; dlq: string | null }[];
  /** Original job ids whose DLQ copy the fuzz filed (retry / discard targets). */
  deadLetters: { queue: string; jobId: string }[];
  /** Jobs the fuzz added to the monitored queues, for Bull Board's per-job routes. */
  boardJobs: { queue: string; id: string }[];
  secrets: { sentry: string; alertmanager: string };
}

/** Stable per e2e database: a later test (or a retried one) signs in with the same password. */
const PASSWORD = `fuzz-${createHash("sha256").update(`${config().DATABASE_URL}:fuzz`).digest("hex").slice(0, 24)}`;

const label = (i: number) => SCRIPT_PAYLOADS[i % SCRIPT_PAYLOADS.length]!.slice(0, 80);

const USER_SPECS: Array<{ key: string; role: Role; name: string }> = [
  ...ROLES.map((role, i) => ({ key: role, role, name: `Fuzz ${role} ${label(i)}` })),
  { key: "target-operator", role: "operator", name: `Fuzz alvo ${label(4)}` },
  { key: "target-viewer", role: "viewer", name: `Fuzz alvo leitura ${label(5)}` },
  { key: "disabled", role: "operator", name: `Fuzz desativado ${label(6)}` },
  { key: "signin", role: "viewer", name: `Fuzz login ${label(7)}` },
];

export const fuzzEmail = (key: string) => `e2e.fuzz-${key}@exemplo.com.br`;

async function ensureFuzzUsers(): Promise<Map<string, FuzzUser>> {
  const prisma = createPrismaClient(config().DATABASE_URL);
  const users = new Map<string, FuzzUser>();
  try {
    for (const spec of USER_SPECS) {
      const email = fuzzEmail(spec.key);
      const existing = await prisma.user.findUnique({ where: { email }, select: { id: true } });
      const id =
        existing?.id ??
        (
          await createLocalUser(
            prisma,
            { email, password: PASSWORD, name: spec.name, role: spec.role },
            { id: null, label: "e2e-fuzz" },
          )
        ).id;
      if (spec.key === "disabled") await prisma.user.update({ where: { id }, data: { disabledAt: new Date() } });
      users.set(spec.key, { id, email, password: PASSWORD, name: spec.name, role: spec.role });
    }
  } finally {
    await prisma.$disconnect();
  }
  return users;
}

/** A fuzz account by role, for a later test that signs in again (e.g. in the browser). */
export async function fuzzUser(role: Role): Promise<FuzzUser> {
  const users = await ensureFuzzUsers();
  return users.get(role)!;
}

/** Signs in through better-auth from a spread address (a failed attempt elsewhere never locks 127.0.0.1). */
export async function signIn(client: FuzzClient, user: FuzzUser, who: Role = user.role): Promise<void> {
  const response = await client.send({
    method: "POST",
    path: "/api/auth/sign-in/email",
    who,
    headers: { origin: client.baseUrl, "x-forwarded-for": `198.51.100.${1 + ROLES.indexOf(who)}` },
    body: {
      text: JSON.stringify({ email: user.email, password: user.password }),
      contentType: "application/json",
      variant: "setup",
    },
  });
  if (response.status !== 200)
    throw new Error(`fuzz setup: sign-in as ${user.email} answered ${response.status} ${response.text.slice(0, 200)}`);
}

async function expectOk(
  client: FuzzClient,
  who: Role,
  method: string,
  urlPath: string,
  body?: unknown,
): Promise<unknown> {
  const response = await client.send({
    method,
    path: urlPath,
    who,
    headers: { origin: client.baseUrl, accept: "application/json" },
    body: body === undefined ? null : { text: JSON.stringify(body), contentType: "application/json", variant: "setup" },
  });
  if (response.status >= 300)
    throw new Error(`fuzz setup: ${method} ${urlPath} answered ${response.status} ${response.text.slice(0, 300)}`);
  return JSON.parse(response.text);
}

async function seedQueues(queueNames: { name: string; dlq: string | null }[]) {
  const cfg = config();
  const connection = new Redis(cfg.REDIS_URL, { maxRetriesPerRequest: null });
  const deadLetters: { queue: string; jobId: string }[] = [];
  const boardJobs: { queue: string; id: string }[] = [];
  try {
    for (const { name, dlq } of queueNames) {
      const source = new Queue(name, { connection, prefix: cfg.QUEUE_PREFIX });
      for (let i = 0; i < 5; i++) {
        const job = await source.add(
          `fuzz ${label(i)}`,
          { note: label(i + 1) },
          { jobId: `fuzz-board-${i}`, delay: i % 2 ? 3_600_000 : 0 },
        );
        boardJobs.push({ queue: name, id: String(job.id) });
      }
      await source.close();
      if (!dlq) continue;
      const dead = new Queue(dlq, { connection, prefix: cfg.QUEUE_PREFIX });
      for (let i = 0; i < 20; i++) {
        const jobId = `fuzz-dead-${i}`;
        const payload: DeadLetterPayload = {
          queue: name,
          jobId,
          name: `fuzz ${label(i)}`,
          data: { hostile: label(i + 2) },
          failedReason: label(i + 3),
          stacktrace: [label(i)],
          attemptsMade: 1,
          failedAt: new Date().toISOString(),
        };
        await dead.add(payload.name, payload, {
          jobId: deadLetterJobId(name, jobId),
          removeOnComplete: false,
          removeOnFail: false,
        });
        deadLetters.push({ queue: name, jobId });
      }
      await dead.close();
    }
  } finally {
    await connection.quit();
  }
  return { deadLetters, boardJobs };
}

export async function createFuzzContext(baseUrl: string): Promise<FuzzContext> {
  const cfg = config();
  const client = new FuzzClient(baseUrl, new SessionJar());
  const all = await ensureFuzzUsers();
  const users = Object.fromEntries(ROLES.map((role) => [role, all.get(role)!])) as Record<Role, FuzzUser>;
  for (const role of ROLES) await signIn(client, users[role]);

  const runbooks = await new RunbookLibrary().list();
  const checklistSlugs = runbooks.filter((r) => r.meta.kind === "checklist").map((r) => r.slug);
  const alertRunbooks = runbooks.filter((r) => r.meta.kind === "alert").map((r) => r.slug);
  const otherRunbooks = runbooks
    .filter((r) => r.meta.kind !== "checklist" && r.meta.kind !== "alert")
    .map((r) => r.slug);

  const currentRuns: KnownRun[] = [];
  for (const slug of checklistSlugs) {
    const { run } = (await expectOk(client, "operator", "POST", `/api/checklists/${slug}/current`)) as {
      run: { id: string; items: { id: string }[] };
    };
    currentRuns.push({ id: run.id, slug, items: run.items.map((i) => i.id) });
  }
  const incidents: string[] = [];
  // Several, so no single timeline grows to thousands of entries (each GET reads it whole).
  for (let i = 0; i < 8; i++) {
    const opened = (await expectOk(client, "operator", "POST", "/api/incidents", {
      runbookSlug: alertRunbooks[i % alertRunbooks.length],
      title: `Fuzz ${i} ${label(i)}`,
      idempotencyKey: `fuzz-setup-${Date.now()}-${i}`,
    })) as { id: string };
    incidents.push(opened.id);
  }

  const prisma = createPrismaClient(cfg.DATABASE_URL);
  let pastRuns: string[];
  let quietIncidents: string[];
  try {
    pastRuns = (
      await prisma.checklistRun.findMany({
        where: { id: { notIn: currentRuns.map((r) => r.id) } },
        orderBy: { createdAt: "asc" },
        take: 3,
        select: { id: true },
      })
    ).map((r) => r.id);
    quietIncidents = (
      await prisma.incident.findMany({
        where: { id: { notIn: incidents } },
        orderBy: { number: "asc" },
        take: 3,
        select: { id: true },
      })
    ).map((r) => r.id);
  } finally {
    await prisma.$disconnect();
  }

  const queues = cfg.queues.flatMap((q) => [{ name: q.name, dlq: q.dlq }]);
  const { deadLetters, boardJobs } = await seedQueues(queues);

  return {
    baseUrl,
    client,
    users,
    targets: [all.get("target-operator")!, all.get("target-viewer")!],
    disabledUser: all.get("disabled")!,
    signInUser: all.get("signin")!,
    incidents,
    quietIncidents,
    currentRuns,
    pastRuns,
    checklistSlugs,
    alertRunbooks,
    otherRunbooks,
    queues,
    deadLetters,
    boardJobs,
    secrets: { sentry: cfg.SENTRY_WEBHOOK_SECRET ?? "", alertmanager: cfg.ALERTMANAGER_TOKEN ?? "" },
  };
}
