import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client.ts";

// Incidents whose timeline acted on a job: lib/incidents/jobs.ts records each retry or discard as
// an "action" entry whose data names the source queue, the original job id and, when a retry had
// to enqueue a fresh copy, the new job's id. A GIN (jsonb_path_ops) index answers the containment.

export interface IncidentLink {
  incidentId: string;
  number: number;
  title: string;
  action: string;
  at: Date;
}

export interface JobKey {
  queue: string;
  jobId: string;
}

export const jobKey = (queue: string, jobId: string) => `${queue}\u0000${jobId}`;

interface LinkRow {
  incident_id: string;
  number: number;
  title: string;
  action: string;
  at: Date;
  queue: string;
  job_id: string;
  new_job_id: string | null;
}

export async function incidentLinks(
  db: Pick<PrismaClient, "$queryRaw">,
  keys: readonly JobKey[],
): Promise<Map<string, IncidentLink[]>> {
  const links = new Map<string, IncidentLink[]>();
  if (keys.length === 0) return links;
  const unique = [...new Map(keys.map((k) => [jobKey(k.queue, k.jobId), k])).values()];
  // One containment per queue, not per job: results crowd into few queues, and humans act on
  // few jobs, so this reads a handful of action entries and keeps the plan small.
  const queues = [...new Set(unique.map((k) => k.queue))];
  const matches = queues.map((queue) => Prisma.sql`e.data @> ${JSON.stringify({ queue })}::jsonb`);
  const rows = await db.$queryRaw<LinkRow[]>`
    SELECT i.id AS incident_id, i.number, i.title, e.data->>'action' AS action, e.created_at AS at,
           e.data->>'queue' AS queue, e.data->>'jobId' AS job_id, e.data->>'newJobId' AS new_job_id
      FROM timeline_entries e JOIN incidents i ON i.id = e.incident_id
     WHERE e.kind = 'action' AND (${Prisma.join(matches, " OR ")})
     ORDER BY e.created_at`;
  const wanted = new Set(unique.map((k) => jobKey(k.queue, k.jobId)));
  for (const row of rows) {
    const link: IncidentLink = {
      incidentId: row.incident_id,
      number: row.number,
      title: row.title,
      action: row.action,
      at: row.at,
    };
    for (const id of new Set([row.job_id, row.new_job_id])) {
      const key = id ? jobKey(row.queue, id) : null;
      if (!key || !wanted.has(key)) continue;
      links.set(key, [...(links.get(key) ?? []), link]);
    }
  }
  return links;
}
