import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client.ts";
import { BadRequestError } from "@/lib/http/errors";
import { boardUrl } from "@/lib/incidents/jobs";
import { incidentLinks, jobKey, type IncidentLink } from "./incident-links";
import { searchQuerySchema, type SearchField, type SearchQuery } from "./validation";

// Finding a job across every monitored queue and DLQ from the index (never by scanning Redis).
// Exact id matches come first; substring matches follow, newest first.

export interface JobSearchResult {
  queue: string;
  jobId: string;
  /** The monitored queue the job belongs to (for a DLQ copy, the queue it came from). */
  sourceQueue: string;
  deadLetter: boolean;
  /** DLQ copies: the original job in `sourceQueue`. */
  originalJobId: string | null;
  name: string;
  state: string;
  attemptsMade: number;
  attemptsAllowed: number | null;
  failedReason: string | null;
  dataText: string;
  createdAt: string;
  finishedAt: string | null;
  /** Which part of the job matched: its id, name, data or failure reason. */
  matched: Exclude<SearchField, "any">;
  board: string;
  incidents: IncidentLink[];
}

export interface JobSearchAnswer {
  results: JobSearchResult[];
  /** More jobs matched than `limit`: the newest are shown. */
  more: boolean;
}

/** Parses a query string; the first problem becomes the 400's message, in Portuguese. */
export function parseSearchQuery(params: URLSearchParams | Record<string, string | undefined>): SearchQuery {
  const raw = params instanceof URLSearchParams ? Object.fromEntries(params) : params;
  const parsed = searchQuerySchema(config().queues).safeParse(raw);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((i) => ({ path: i.path.join(".") || "(consulta)", message: i.message }));
  throw new BadRequestError(details[0]!.message, details);
}

/** LIKE's wildcards typed by the user are literal characters. */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

interface Row {
  queue: string;
  job_id: string;
  source_queue: string;
  original_job_id: string | null;
  dead_letter: boolean;
  name: string;
  state: string;
  attempts_made: number;
  attempts_allowed: number | null;
  failed_reason: string | null;
  data_text: string;
  created_at: Date;
  finished_at: Date | null;
}

const COLUMNS = Prisma.sql`queue, job_id, source_queue, original_job_id, dead_letter, name, state, attempts_made,
  attempts_allowed, failed_reason, data_text, created_at, finished_at`;

function substringCondition(field: SearchField, pattern: string): Prisma.Sql {
  // The trigram index narrows by search_text; the field's own column then confirms.
  const narrowed = Prisma.sql`search_text LIKE ${pattern}`;
  switch (field) {
    case "name":
      return Prisma.sql`${narrowed} AND name ILIKE ${pattern}`;
    case "data":
      return Prisma.sql`${narrowed} AND data_text ILIKE ${pattern}`;
    case "error":
      return Prisma.sql`${narrowed} AND failed_reason ILIKE ${pattern}`;
    default:
      return narrowed;
  }
}

async function findRows(client: Pick<PrismaClient, "$queryRaw">, query: SearchQuery): Promise<Row[]> {
  const scope = Prisma.sql`source_queue = ANY(${query.queues}::text[])`;
  const exact = Prisma.sql`SELECT ${COLUMNS}, 0 AS rank FROM job_index WHERE ${scope} AND (job_id = ${query.q} OR original_job_id = ${query.q})`;
  if (query.field === "id") return client.$queryRaw<Row[]>`${exact} ORDER BY created_at DESC LIMIT ${query.limit + 1}`;
  // Two ordered, limited parts, so a common word stops at the newest matches instead of sorting them all.
  return client.$queryRaw<Row[]>`
    (${exact} ORDER BY created_at DESC LIMIT ${query.limit + 1})
    UNION ALL
    (SELECT ${COLUMNS}, 1 AS rank FROM job_index WHERE ${scope} AND ${substringCondition(query.field, likePattern(query.q))}
      ORDER BY created_at DESC LIMIT ${query.limit + 1})
    ORDER BY rank, created_at DESC`;
}

function matchedPart(row: Row, q: string): JobSearchResult["matched"] {
  const needle = q.toLowerCase();
  if (row.job_id === q || row.original_job_id === q) return "id";
  if (row.name.toLowerCase().includes(needle)) return "name";
  if (row.failed_reason?.toLowerCase().includes(needle)) return "error";
  if (row.data_text.toLowerCase().includes(needle)) return "data";
  return "id";
}

export async function searchJobs(
  query: SearchQuery,
  client: Pick<PrismaClient, "$queryRaw"> = db(),
): Promise<JobSearchAnswer> {
  const rows = await findRows(client, query);
  const seen = new Set<string>();
  const unique = rows.filter((r) => {
    const key = jobKey(r.queue, r.job_id);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const shown = unique.slice(0, query.limit);
  // The incident timeline names the original job in its source queue, also for a DLQ copy.
  const target = (r: Row) => ({ queue: r.source_queue, jobId: r.original_job_id ?? r.job_id });
  const links = await incidentLinks(client, shown.map(target));
  return {
    more: unique.length > query.limit,
    results: shown.map((r) => ({
      queue: r.queue,
      jobId: r.job_id,
      sourceQueue: r.source_queue,
      deadLetter: r.dead_letter,
      originalJobId: r.original_job_id,
      name: r.name,
      state: r.state,
      attemptsMade: r.attempts_made,
      attemptsAllowed: r.attempts_allowed,
      failedReason: r.failed_reason,
      dataText: r.data_text,
      createdAt: r.created_at.toISOString(),
      finishedAt: r.finished_at?.toISOString() ?? null,
      matched: matchedPart(r, query.q),
      board: boardUrl(r.queue, r.job_id),
      incidents: links.get(jobKey(target(r).queue, target(r).jobId)) ?? [],
    })),
  };
}
