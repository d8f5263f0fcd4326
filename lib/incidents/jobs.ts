import { Job, type Queue } from "bullmq";
import { recordAudit } from "@/lib/audit/audit";
import { config } from "@/lib/config";
import { loadDeadLetters } from "@/lib/panels/jobs";
import { ConflictError, NotFoundError } from "@/lib/http/errors";
import { deadLetterJobId, type DeadLetterPayload } from "@/lib/queues/dead-letter";
import { getQueue, monitoredQueue } from "@/lib/queues/registry";
import { logger } from "@/lib/observability/log";
import { resolveDeps, type IncidentDeps } from "./deps";
import { change, insertEntry } from "./incidents";
import type { Actor, EntryResult } from "./types";
import type { JobActionBody } from "./validation";

// Acting on a dead-lettered job from an incident. Retry sends the original job back to its own
// queue (BullMQ retry of the failed original, or a fresh copy when the original is gone) and
// removes the DLQ copy; discard removes the DLQ copy and the failed original. Each is written to
// the timeline and the audit log with its reason. Safe to click twice: the same idempotency key
// replays the first answer, and a job no longer in the DLQ is a 409 that changes nothing.

export interface QueueAccess {
  queue(name: string): Queue | undefined;
  dlqOf(name: string): string | undefined;
}

export const registryQueues: QueueAccess = {
  queue: getQueue,
  dlqOf: (name) => monitoredQueue(name)?.dlq ?? undefined,
};

export function boardUrl(queue: string, jobId: string): string {
  return `/admin/queues/queue/${encodeURIComponent(queue)}/${encodeURIComponent(jobId)}`;
}

interface Outcome {
  detail: string;
  newJobId: string | null;
}

async function perform(action: "retry" | "discard", source: Queue, dlq: Queue, jobId: string): Promise<Outcome | null> {
  const copy = await Job.fromId<DeadLetterPayload>(dlq, deadLetterJobId(source.name, jobId));
  if (!copy) return null;
  const original = await Job.fromId(source, jobId);
  const originalState = original ? await original.getState() : "missing";
  let detail: string;
  let newJobId: string | null = null;
  if (action === "retry") {
    if (original && originalState === "failed") {
      await original.retry("failed", { resetAttemptsMade: true });
      detail = "original job moved back to waiting";
      newJobId = jobId;
    } else if (!original) {
      const added = await source.add(copy.data.name, copy.data.data, { attempts: copy.opts.attempts ?? 1 });
      detail = "original job gone: re-enqueued a copy";
      newJobId = String(added.id);
    } else {
      detail = `original job already ${originalState}`;
      newJobId = jobId;
    }
  } else {
    if (original && originalState === "failed") await original.remove();
    detail = original
      ? `original job (${originalState}) ${originalState === "failed" ? "removed" : "left alone"}`
      : "original job already gone";
  }
  await copy.remove();
  return { detail, newJobId };
}

export async function actOnDeadLetter(
  incidentId: string,
  body: JobActionBody,
  actor: Actor,
  overrides: Partial<IncidentDeps> & { queues?: QueueAccess } = {},
): Promise<EntryResult> {
  const deps = resolveDeps(overrides);
  const queues = overrides.queues ?? registryQueues;
  const dlqName = queues.dlqOf(body.queue);
  const source = queues.queue(body.queue);
  const dlq = dlqName ? queues.queue(dlqName) : undefined;
  if (!source || !dlq || !dlqName)
    throw new NotFoundError({ code: "incidents.queueNotMonitored", params: { queue: body.queue } });

  return change(incidentId, body.idempotencyKey, deps, async (tx, incident) => {
    // Redis first: only an action that really happened is recorded. Redis calls inside the
    // transaction keep the incident row locked, so two clicks cannot both act.
    const outcome = await perform(body.action, source, dlq, body.jobId);
    if (!outcome) throw new ConflictError({ code: "incidents.jobGone", params: { jobId: body.jobId, dlq: dlqName } });
    logger("incidents").info(
      { incident: incident.number, action: body.action, queue: body.queue, jobId: body.jobId, detail: outcome.detail },
      "DLQ action",
    );
    const data = {
      action: body.action,
      queue: body.queue,
      dlq: dlqName,
      jobId: body.jobId,
      newJobId: outcome.newJobId,
      reason: body.reason,
      detail: outcome.detail,
      board: boardUrl(body.queue, outcome.newJobId ?? body.jobId),
    };
    await recordAudit(
      {
        actor: { id: actor.id, label: actor.email },
        action: `job.${body.action}`,
        targetType: "job",
        targetId: `${body.queue}/${body.jobId}`,
        data: { ...data, incidentId: incident.id, incidentNumber: incident.number },
      },
      tx,
    );
    const verb = body.action === "retry" ? "Reprocessado" : "Descartado";
    return insertEntry(tx, incident.id, {
      kind: "action",
      actorId: actor.id,
      body: `${verb}: job ${body.jobId} da fila ${body.queue} (DLQ ${dlqName}). Motivo: ${body.reason}`,
      data,
      idempotencyKey: body.idempotencyKey,
      at: deps.now(),
    });
  });
}

export interface DeadLetterRow {
  queue: string;
  displayName: string;
  dlq: string;
  jobId: string;
  name: string;
  failedReason: string | null;
  failedAt: string | null;
  dataJson: string;
  board: string;
}

/** The DLQ jobs of every monitored queue (first page each), for the incident page's action list. */
export async function listDeadLetters(pageSize = 10): Promise<{ rows: DeadLetterRow[]; unavailable: string[] }> {
  const rows: DeadLetterRow[] = [];
  const unavailable: string[] = [];
  await Promise.all(
    config().queues.map(async (q) => {
      const dlq = q.dlq ? getQueue(q.dlq) : undefined;
      if (!dlq || !q.dlq) return;
      const snapshot = await loadDeadLetters(dlq, q, { pageSize });
      if (snapshot.status !== "ok") {
        unavailable.push(q.displayName);
        return;
      }
      for (const job of snapshot.data.jobs) {
        if (!job.original) continue;
        rows.push({
          queue: job.original.queue,
          displayName: q.displayName,
          dlq: q.dlq,
          jobId: job.original.jobId,
          name: job.name,
          failedReason: job.failedReason,
          failedAt: job.failedAt,
          dataJson: job.dataJson,
          board: boardUrl(job.original.queue, job.original.jobId),
        });
      }
    }),
  );
  return { rows: rows.sort((a, b) => (b.failedAt ?? "").localeCompare(a.failedAt ?? "")), unavailable };
}
