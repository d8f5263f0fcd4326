import { recordAudit } from "@/lib/audit/audit";
import type { IncidentSource, Severity } from "@/lib/generated/prisma/enums.ts";
import { logger } from "@/lib/observability/log";
import { resolveDeps, type IncidentDeps, type IncidentRunbook } from "./deps";
import { insertEntry, loadIncident, publishEntry, toEntry, toSummary } from "./incidents";
import { recordSeverityChange } from "./severity";
import { isRaise } from "./targets";
import type { EntryResult } from "./types";

// Alerts from webhooks, already verified and parsed (webhooks.ts). An alert is matched to a
// runbook through the runbook's `triggers` front-matter; its fingerprint dedupes it: while an
// incident with that fingerprint is not resolved, a repeat only adds an "alert" entry to its
// timeline. A "resolved" notification is recorded on that timeline, never resolves by itself.
// The severity an alert carries is the incident's when it opens; a repeat carrying a higher one
// raises the open incident (a recorded change), a lower one never lowers it: a person may have
// raised it on purpose.

export interface Alert {
  source: Exclude<IncidentSource, "manual">;
  /** Stable key of the alerting rule/series, e.g. sentry:metric:<rule>:<identifier>. */
  fingerprint: string;
  /** What the trigger `match` texts are compared with (rule name, alert title, alertname). */
  matchText: string[];
  title: string;
  status: "firing" | "resolved";
  /** Severity the source sets; without one, the runbook's. */
  severity?: Severity;
  /** Link back to the source (Sentry web URL, Alertmanager generatorURL). */
  url?: string;
  /** Delivery id (Sentry Request-ID): a redelivery of the same request changes nothing. */
  deliveryId?: string;
  details?: Record<string, string | number | boolean | null>;
}

export type AlertOutcome = "opened" | "appended" | "resolved-recorded" | "ignored" | "replayed";

export interface AlertResult {
  outcome: AlertOutcome;
  incidentId: string | null;
  number: number | null;
  runbookSlug: string | null;
}

/** "P95 > 750 ms" and "p95>750ms" are the same trigger. */
export function normaliseMatch(text: string): string {
  return text.toLowerCase().normalize("NFKD").replace(/\s+/g, "");
}

export function matchRunbook(
  alert: Pick<Alert, "source" | "matchText">,
  runbooks: IncidentRunbook[],
): IncidentRunbook | undefined {
  const haystacks = alert.matchText.map(normaliseMatch).filter(Boolean);
  return runbooks.find((r) =>
    r.triggers.some((t) => t.source === alert.source && haystacks.some((h) => h.includes(normaliseMatch(t.match)))),
  );
}

const WEBHOOK_ACTOR = (source: string) => ({ id: null, label: `webhook:${source}` });

/**
 * Every accepted delivery that changed something is audited: who is the source
 * (`webhook:sentry`, `webhook:alertmanager`), what is the action `webhook.<outcome>`, the target
 * is the incident; the request's address is kept as for any change. Replays and ignored deliveries
 * change nothing and are only logged.
 */
async function auditDelivery(
  tx: Parameters<typeof recordAudit>[1],
  alert: Alert,
  outcome: "opened" | "appended" | "resolved-recorded",
  incident: { id: string; number: number; runbookSlug: string | null },
  extra: Record<string, string>,
): Promise<void> {
  await recordAudit(
    {
      actor: WEBHOOK_ACTOR(alert.source),
      action: `webhook.${outcome}`,
      targetType: "incident",
      targetId: incident.id,
      data: {
        outcome,
        source: alert.source,
        number: incident.number,
        runbookSlug: incident.runbookSlug,
        fingerprint: alert.fingerprint,
        title: alert.title.slice(0, 200),
        deliveryId: alert.deliveryId ?? null,
        ...extra,
      },
    },
    tx,
  );
}

export async function ingestAlert(alert: Alert, overrides: Partial<IncidentDeps> = {}): Promise<AlertResult> {
  const deps = resolveDeps(overrides);
  const runbook = matchRunbook(alert, await deps.runbooks.list());
  const now = deps.now();
  const entryKey = alert.deliveryId
    ? `${alert.source}:${alert.deliveryId}:${alert.fingerprint}`.slice(0, 200)
    : undefined;
  const data = {
    source: alert.source,
    status: alert.status,
    fingerprint: alert.fingerprint,
    title: alert.title,
    url: alert.url ?? null,
    ...(alert.details ?? {}),
  };

  const { result, published } = await deps.prisma.$transaction(async (tx) => {
    // One alert stream at a time per fingerprint: two deliveries racing never open two incidents.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`incident-alert:${alert.fingerprint}`}))`;
    if (entryKey) {
      const previous = await tx.timelineEntry.findUnique({
        where: { idempotencyKey: entryKey },
        include: { incident: true },
      });
      if (previous) {
        return {
          result: {
            outcome: "replayed" as const,
            incidentId: previous.incidentId,
            number: previous.incident.number,
            runbookSlug: previous.incident.runbookSlug,
          },
          published: null,
        };
      }
    }
    const open = await tx.incident.findFirst({
      where: { fingerprint: alert.fingerprint, status: { not: "resolved" } },
      orderBy: { openedAt: "desc" },
    });
    if (open) {
      const resolved = alert.status === "resolved";
      const entry = await insertEntry(tx, open.id, {
        kind: "alert",
        actorId: null,
        body: resolved ? `Alerta normalizado na origem: ${alert.title}` : `Alerta repetido: ${alert.title}`,
        data,
        idempotencyKey: entryKey,
        at: now,
      });
      const outcome = resolved ? ("resolved-recorded" as const) : ("appended" as const);
      await auditDelivery(tx, alert, outcome, open, { entryId: entry.id });
      const entries = [entry];
      // Locked and read again: a person may be changing the severity at this moment.
      const current = !resolved && alert.severity ? await loadIncident(tx, open.id, true) : null;
      if (current && alert.severity && isRaise(current.severity, alert.severity)) {
        entries.push(
          await recordSeverityChange(tx, current, {
            to: alert.severity,
            reason: `Alerta repetido com severidade ${alert.severity}: ${alert.title}`.slice(0, 500),
            at: now,
            actorId: null,
            actorLabel: WEBHOOK_ACTOR(alert.source).label,
            idempotencyKey: entryKey && `${entryKey}:severity`.slice(0, 200),
          }),
        );
      }
      const row = await tx.incident.findUniqueOrThrow({
        where: { id: open.id },
        include: { commander: { select: { id: true, name: true } }, openedBy: { select: { id: true, name: true } } },
      });
      const published: EntryResult[] = entries.map((e) => ({
        outcome: "created",
        entry: toEntry(e),
        incident: toSummary(row, now),
      }));
      return {
        result: { outcome, incidentId: open.id, number: open.number, runbookSlug: open.runbookSlug },
        published,
      };
    }
    // A "resolved" for nothing open: there is no incident to write it on.
    if (alert.status === "resolved")
      return {
        result: { outcome: "ignored" as const, incidentId: null, number: null, runbookSlug: runbook?.slug ?? null },
        published: null,
      };

    const severity = alert.severity ?? runbook?.severity ?? "P2";
    const incident = await tx.incident.create({
      data: {
        title: alert.title.slice(0, 200),
        severity,
        source: alert.source,
        runbookSlug: runbook?.slug ?? null,
        runbookVersion: runbook?.version ?? null,
        fingerprint: alert.fingerprint,
        openedAt: now,
      },
    });
    await insertEntry(tx, incident.id, {
      kind: "alert",
      actorId: null,
      body: runbook
        ? `Incidente aberto pelo alerta "${alert.title}" (runbook "${runbook.title}").`
        : `Incidente aberto pelo alerta "${alert.title}" (nenhum runbook corresponde).`,
      data: { ...data, runbookSlug: runbook?.slug ?? null },
      idempotencyKey: entryKey,
      at: now,
    });
    await auditDelivery(tx, alert, "opened", incident, { severity });
    return {
      result: {
        outcome: "opened" as const,
        incidentId: incident.id,
        number: incident.number,
        runbookSlug: runbook?.slug ?? null,
      },
      published: null,
    };
  });
  for (const entry of published ?? []) await publishEntry(entry, deps);
  logger("incidents").info(
    { source: alert.source, fingerprint: alert.fingerprint, outcome: result.outcome, incident: result.number },
    "alert received",
  );
  return result;
}
