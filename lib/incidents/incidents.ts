import { recordAudit } from "@/lib/audit/audit";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import type { IncidentStatus, TimelineKind } from "@/lib/generated/prisma/enums.ts";
import { BadRequestError, ConflictError, NotFoundError } from "@/lib/http/errors";
import { publishLive } from "@/lib/live/hub";
import { entryInclude, toEntry, type EntryRow } from "./entries";
import { ENTRY_EVENT, incidentChannel } from "./events";
import { resolveDeps, type IncidentDeps } from "./deps";
import { responseTarget } from "./targets";
import { stepStates, timelineCount, timelinePage } from "./timeline";
import { timestampsAfter, transitionKind } from "./transitions";
import type { Actor, EntryResult, IncidentSummary, IncidentView, TimelinePage } from "./types";
import type { CommanderBody, ListQuery, NoteBody, OpenBody, StatusBody, TimelineQuery } from "./validation";

// Incidents and their timelines. Every change is one transaction: the incident row, one
// timeline entry and one audit event; then the entry is published live. Changes carry a
// client-chosen idempotency key, so a double click or a retried request replays the first answer.

export { toEntry } from "./entries";

type Tx = Prisma.TransactionClient;

const incidentInclude = {
  commander: { select: { id: true, name: true } },
  openedBy: { select: { id: true, name: true } },
} as const;

type IncidentRow = Prisma.IncidentGetPayload<{ include: typeof incidentInclude }>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toSummary(row: IncidentRow, now: Date): IncidentSummary {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    severity: row.severity,
    status: row.status,
    source: row.source,
    runbookSlug: row.runbookSlug,
    runbookVersion: row.runbookVersion,
    fingerprint: row.fingerprint,
    commander: row.commander,
    openedBy: row.openedBy,
    openedAt: row.openedAt.toISOString(),
    acknowledgedAt: iso(row.acknowledgedAt),
    mitigatedAt: iso(row.mitigatedAt),
    resolvedAt: iso(row.resolvedAt),
    target: responseTarget(row, now),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loadIncident(tx: Tx, id: string, lock = false): Promise<IncidentRow> {
  if (!UUID.test(id)) throw new NotFoundError({ code: "incidents.notFound" });
  // FOR UPDATE serialises concurrent changes of one incident (status, commander).
  if (lock) await tx.$queryRaw`SELECT 1 FROM incidents WHERE id = ${id}::uuid FOR UPDATE`;
  const row = await tx.incident.findUnique({ where: { id }, include: incidentInclude });
  if (!row) throw new NotFoundError({ code: "incidents.notFound" });
  return row;
}

/** A previous entry with this key: the request is a replay (same incident) or a misuse (another). */
export async function replay(tx: Tx, incidentId: string, idempotencyKey: string | undefined): Promise<EntryRow | null> {
  if (!idempotencyKey) return null;
  const existing = await tx.timelineEntry.findUnique({ where: { idempotencyKey }, include: entryInclude });
  if (existing && existing.incidentId !== incidentId) throw new ConflictError({ code: "incidents.keyReusedIncident" });
  return existing;
}

export interface NewEntry {
  kind: TimelineKind;
  actorId: string | null;
  body?: string | null;
  data?: Prisma.InputJsonValue;
  idempotencyKey?: string;
  at?: Date;
}

export async function insertEntry(tx: Tx, incidentId: string, entry: NewEntry): Promise<EntryRow> {
  return tx.timelineEntry.create({
    data: {
      incidentId,
      kind: entry.kind,
      actorId: entry.actorId,
      body: entry.body ?? null,
      data: entry.data,
      idempotencyKey: entry.idempotencyKey,
      createdAt: entry.at,
    },
    include: entryInclude,
  });
}

export async function publishEntry(result: EntryResult, deps: IncidentDeps): Promise<void> {
  if (result.outcome !== "created" || !deps.live) return;
  await publishLive(incidentChannel(result.incident.id), { type: ENTRY_EVENT, data: result }, deps.live);
}

/** Runs `fn` in a transaction unless the key was already used; returns and publishes the result. */
export async function change(
  incidentId: string,
  idempotencyKey: string,
  deps: IncidentDeps,
  fn: (tx: Tx, incident: IncidentRow) => Promise<EntryRow>,
): Promise<EntryResult> {
  const now = deps.now();
  const result = await deps.prisma.$transaction(async (tx) => {
    const incident = await loadIncident(tx, incidentId, true);
    const previous = await replay(tx, incidentId, idempotencyKey);
    if (previous) return { outcome: "replayed" as const, entry: toEntry(previous), incident: toSummary(incident, now) };
    const entry = await fn(tx, incident);
    const fresh = await loadIncident(tx, incidentId);
    return { outcome: "created" as const, entry: toEntry(entry), incident: toSummary(fresh, now) };
  });
  await publishEntry(result, deps);
  return result;
}

/** The kinds of runbook an incident can follow: an alert's, or a procedure that went wrong. */
export const INCIDENT_RUNBOOK_KINDS: readonly string[] = ["alert", "procedure"];

export async function incidentRunbook(slug: string, deps: IncidentDeps) {
  const runbook = (await deps.runbooks.list()).find((r) => r.slug === slug);
  if (!runbook) throw new BadRequestError({ code: "incidents.unknownRunbook", params: { slug } });
  if (!INCIDENT_RUNBOOK_KINDS.includes(runbook.kind))
    throw new BadRequestError({ code: "incidents.notIncidentRunbook" });
  return runbook;
}

export async function openIncident(
  body: OpenBody,
  actor: Actor,
  overrides: Partial<IncidentDeps> = {},
): Promise<IncidentView> {
  const deps = resolveDeps(overrides);
  const runbook = body.runbookSlug ? await incidentRunbook(body.runbookSlug, deps) : null;
  const severity = body.severity ?? runbook?.severity ?? "P2";
  const commanderId = body.commanderId ?? actor.id;
  const now = deps.now();
  const id = await deps.prisma.$transaction(async (tx) => {
    // The open's idempotency key lives on its first timeline entry.
    const previous = await tx.timelineEntry.findUnique({ where: { idempotencyKey: body.idempotencyKey } });
    if (previous) return previous.incidentId;
    const commander = await tx.user.findUnique({ where: { id: commanderId } });
    if (!commander || commander.disabledAt) throw new BadRequestError({ code: "incidents.commanderNotFound" });
    const incident = await tx.incident.create({
      data: {
        title: body.title,
        severity,
        source: "manual",
        runbookSlug: runbook?.slug ?? null,
        runbookVersion: runbook?.version ?? null,
        commanderId,
        openedById: actor.id,
        openedAt: now,
      },
    });
    // One entry for the opening, naming the first commander (hand-overs get their own entries).
    const origin = runbook ? ` a partir do runbook "${runbook.title}"` : " sem runbook";
    await insertEntry(tx, incident.id, {
      kind: "status",
      actorId: actor.id,
      body: `Incidente aberto (${severity})${origin}. Comandante: ${commander.name}.`,
      data: {
        to: "open",
        runbookSlug: runbook?.slug ?? null,
        runbookVersion: runbook?.version ?? null,
        commanderId: commander.id,
        commanderName: commander.name,
      },
      idempotencyKey: body.idempotencyKey,
      at: now,
    });
    await recordAudit(
      {
        actor: { id: actor.id, label: actor.email },
        action: "incident.open",
        targetType: "incident",
        targetId: incident.id,
        data: { number: incident.number, severity, runbookSlug: runbook?.slug ?? null, commanderId },
      },
      tx,
    );
    return incident.id;
  });
  return getIncident(id, deps);
}

export async function changeStatus(
  incidentId: string,
  body: StatusBody,
  actor: Actor,
  overrides: Partial<IncidentDeps> = {},
): Promise<EntryResult> {
  const deps = resolveDeps(overrides);
  return change(incidentId, body.idempotencyKey, deps, async (tx, incident) => {
    const from: IncidentStatus = incident.status;
    const kind = transitionKind(from, body.to);
    if (!kind)
      throw new ConflictError(
        { code: "incidents.invalidTransition", params: { from, to: body.to } },
        { from, to: body.to },
      );
    const at = deps.now();
    await tx.incident.update({
      where: { id: incident.id },
      data: { status: body.to, ...timestampsAfter(incident, from, body.to, at) },
    });
    await recordAudit(
      {
        actor: { id: actor.id, label: actor.email },
        action: kind === "reopen" ? "incident.reopen" : "incident.status",
        targetType: "incident",
        targetId: incident.id,
        data: { from, to: body.to },
      },
      tx,
    );
    return insertEntry(tx, incident.id, {
      kind: "status",
      actorId: actor.id,
      body: body.note || null,
      data: { from, to: body.to, reopen: kind === "reopen" },
      idempotencyKey: body.idempotencyKey,
      at,
    });
  });
}

export async function addNote(
  incidentId: string,
  body: NoteBody,
  actor: Actor,
  overrides: Partial<IncidentDeps> = {},
): Promise<EntryResult> {
  const deps = resolveDeps(overrides);
  return change(incidentId, body.idempotencyKey, deps, async (tx, incident) => {
    await recordAudit(
      {
        actor: { id: actor.id, label: actor.email },
        action: "incident.note",
        targetType: "incident",
        targetId: incident.id,
        data: { length: body.body.length },
      },
      tx,
    );
    return insertEntry(tx, incident.id, {
      kind: "note",
      actorId: actor.id,
      body: body.body,
      idempotencyKey: body.idempotencyKey,
      at: deps.now(),
    });
  });
}

export async function handOver(
  incidentId: string,
  body: CommanderBody,
  actor: Actor,
  overrides: Partial<IncidentDeps> = {},
): Promise<EntryResult> {
  const deps = resolveDeps(overrides);
  return change(incidentId, body.idempotencyKey, deps, async (tx, incident) => {
    const to = await tx.user.findUnique({ where: { id: body.commanderId } });
    if (!to || to.disabledAt) throw new BadRequestError({ code: "incidents.commanderNotFound" });
    if (to.role === "viewer") throw new BadRequestError({ code: "incidents.viewerCommander" });
    if (incident.commanderId === to.id)
      throw new ConflictError({ code: "incidents.alreadyCommander", params: { name: to.name } });
    await tx.incident.update({ where: { id: incident.id }, data: { commanderId: to.id } });
    await recordAudit(
      {
        actor: { id: actor.id, label: actor.email },
        action: "incident.commander",
        targetType: "incident",
        targetId: incident.id,
        data: { from: incident.commanderId, to: to.id },
      },
      tx,
    );
    return insertEntry(tx, incident.id, {
      kind: "commander",
      actorId: actor.id,
      body: `Comando passado de ${incident.commander?.name ?? "ninguém"} para ${to.name}.`,
      data: { from: incident.commanderId, fromName: incident.commander?.name ?? null, to: to.id, toName: to.name },
      idempotencyKey: body.idempotencyKey,
      at: deps.now(),
    });
  });
}

/** The incident with the newest page of its timeline (older pages: timeline.ts) and its steps' state. */
export async function getIncident(incidentId: string, overrides: Partial<IncidentDeps> = {}): Promise<IncidentView> {
  const deps = resolveDeps(overrides);
  const row = await loadIncident(deps.prisma, incidentId);
  const [page, count, steps] = await Promise.all([
    timelinePage(deps.prisma, incidentId),
    timelineCount(deps.prisma, incidentId),
    stepStates(deps.prisma, incidentId),
  ]);
  return {
    ...toSummary(row, deps.now()),
    timeline: page.entries,
    olderCursor: page.olderCursor,
    timelineCount: count,
    steps,
  };
}

/** A page of the timeline before `query.before` (the newest page without it). */
export async function olderEntries(
  incidentId: string,
  query: TimelineQuery,
  overrides: Partial<IncidentDeps> = {},
): Promise<TimelinePage> {
  const deps = resolveDeps(overrides);
  await loadIncident(deps.prisma, incidentId);
  return timelinePage(deps.prisma, incidentId, { before: query.before, limit: query.limit });
}

/** Number and title only (page titles), without reading the timeline. */
export async function incidentHeading(
  incidentId: string,
  overrides: Partial<IncidentDeps> = {},
): Promise<{ number: number; title: string } | null> {
  if (!UUID.test(incidentId)) return null;
  return resolveDeps(overrides).prisma.incident.findUnique({
    where: { id: incidentId },
    select: { number: true, title: true },
  });
}

/** Throws NotFoundError unless the incident exists; returns its id. */
export async function assertIncidentExists(incidentId: string, overrides: Partial<IncidentDeps> = {}): Promise<string> {
  await loadIncident(resolveDeps(overrides).prisma, incidentId);
  return incidentId;
}

export const LIST_LIMIT = 200;

export async function listIncidents(
  query: ListQuery,
  overrides: Partial<IncidentDeps> = {},
): Promise<IncidentSummary[]> {
  const deps = resolveDeps(overrides);
  const openedAt: Prisma.DateTimeFilter = {};
  if (query.from) openedAt.gte = new Date(`${query.from}T00:00:00Z`);
  if (query.to) openedAt.lt = new Date(new Date(`${query.to}T00:00:00Z`).getTime() + 86_400_000);
  const rows = await deps.prisma.incident.findMany({
    where: {
      status: query.status,
      severity: query.severity,
      runbookSlug: query.runbook,
      ...(query.from || query.to ? { openedAt } : {}),
    },
    orderBy: { openedAt: "desc" },
    take: LIST_LIMIT,
    include: incidentInclude,
  });
  const now = deps.now();
  return rows.map((row) => toSummary(row, now));
}
