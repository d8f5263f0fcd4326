import { Job, Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { MonitoredQueue } from "@/lib/config";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { logger } from "@/lib/observability/log";
import { indexRow, queueOwners, type IndexRow, type QueueOwner } from "./documents";
import { RedisLease } from "./lease";
import { databaseNow, deleteRows, pruneQueue, pruneUnwatched, refreshAfterBulkWrite, upsertRows } from "./store";

// Keeps job_index in step with Redis (ADR 0014). BullMQ writes every job change to a per-queue
// event stream (what QueueEvents reads); one blocking XREAD follows the streams of every watched
// queue at once, and each event only says "look at job X again": the indexer re-reads the job
// and upserts what Redis holds now, or deletes the row when the job is gone. Order and repeats
// therefore do not matter. A full scan of every queue runs whenever this replica becomes the
// indexer (start-up, take-over) and periodically, catching what no event announces (jobs trimmed
// by removeOnComplete/removeOnFail, clean, obliterate, events trimmed from the stream); events
// keep being applied while it runs.

type Db = Pick<PrismaClient, "$executeRaw" | "$queryRaw">;

export interface JobIndexerOptions {
  /** Shared, non-blocking connection (queue reads and the lease). */
  connection: Redis;
  prefix: string;
  queues: readonly MonitoredQueue[];
  db: Db;
  /** Lease period; another replica takes over at most this long after this one stops renewing. */
  leaseMs?: number;
  /** Full scan period; 0 scans only when this replica becomes the indexer. */
  reconcileEveryMs?: number;
  blockMs?: number;
  pageSize?: number;
}

/** Scanned one after the other; BullMQ 6 lists paused jobs under waiting. */
const SCANNED_STATES = [
  "waiting",
  "prioritized",
  "delayed",
  "active",
  "waiting-children",
  "failed",
  "completed",
] as const;
const RETRY_DELAY_MS = 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class JobIndexer {
  private readonly log = logger("job-indexer");
  private readonly owners: Map<string, QueueOwner>;
  private readonly handles = new Map<string, Queue>();
  private readonly streamQueue = new Map<string, string>();
  private readonly lease: RedisLease;
  private readonly blocking: Redis;
  private readonly leaseMs: number;
  private leading = false;
  private stopped = false;
  private consuming: Promise<void> | undefined;
  private leaseTimer: NodeJS.Timeout | undefined;
  private nextScanAt = 0;
  private readonly dirtyQueues = new Set<string>();
  private scanning: Promise<void> | undefined;
  private scanned = false;

  constructor(private readonly options: JobIndexerOptions) {
    this.owners = queueOwners(options.queues);
    this.leaseMs = options.leaseMs ?? 10_000;
    for (const name of this.owners.keys()) {
      const queue = new Queue(name, { connection: options.connection, prefix: options.prefix });
      queue.on("error", (err) => this.log.debug({ queue: name, err: err.message }, "queue error"));
      this.handles.set(name, queue);
      this.streamQueue.set(queue.keys.events!, name);
    }
    this.lease = new RedisLease(options.connection, `${options.prefix}:ops-portal:job-indexer`, this.leaseMs);
    // XREAD blocks its connection; it must also wait across reconnects rather than fail fast.
    this.blocking = options.connection.duplicate({
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
      lazyConnect: true,
    });
    this.blocking.on("error", (err: Error) => this.log.debug({ err: err.message }, "blocking connection error"));
  }

  /** Starts competing for the lease; resolves at once (indexing runs in the background). */
  start(): void {
    const tick = async () => {
      if (this.stopped) return;
      // Still connecting (start-up, or Redis away): ask again soon instead of logging a failure.
      if (this.options.connection.status !== "ready" && !this.leading) {
        this.leaseTimer = setTimeout(() => void tick(), 200);
        return;
      }
      let holds = false;
      try {
        holds = await this.lease.hold();
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, "could not renew the indexer lease");
      }
      if (holds && !this.leading) this.lead();
      else if (!holds && this.leading) {
        this.log.warn("lost the indexer lease: another replica indexes now");
        this.leading = false;
      }
      if (!this.stopped) this.leaseTimer = setTimeout(() => void tick(), Math.max(100, Math.floor(this.leaseMs / 3)));
    };
    void tick();
  }

  isLeading(): boolean {
    return this.leading;
  }

  /** True once this replica has finished a full scan as the indexer. */
  hasScanned(): boolean {
    return this.scanned;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.leading = false;
    clearTimeout(this.leaseTimer);
    // Cut a pending XREAD instead of waiting out its block time.
    this.blocking.disconnect();
    await this.consuming?.catch(() => undefined);
    await this.lease.release().catch(() => undefined);
    await Promise.allSettled([...this.handles.values()].map((q) => q.close()));
  }

  private lead(): void {
    this.leading = true;
    this.log.info({ queues: this.handles.size }, "indexing jobs (this replica holds the lease)");
    const previous = this.consuming ?? Promise.resolve();
    this.consuming = previous.then(() => this.consume());
  }

  private async consume(): Promise<void> {
    let ids: Map<string, string> | undefined;
    this.nextScanAt = 0;
    while (this.leading && !this.stopped) {
      try {
        ids ??= await this.streamPositions();
        this.scanInBackground();
        ids = await this.readEvents(ids);
      } catch (err) {
        if (this.stopped) break;
        this.log.warn({ err: (err as Error).message }, "job indexing failed; retrying");
        await sleep(RETRY_DELAY_MS);
      }
    }
    await this.scanning;
  }

  /**
   * Scans run beside the event loop, so a long scan never delays what the events announce; a
   * scan page never overwrites a row an event wrote after the page was read (see upsertRows).
   */
  private scanInBackground(): void {
    if (this.scanning) return;
    const full = Date.now() >= this.nextScanAt;
    const dirty = [...this.dirtyQueues];
    if (!full && dirty.length === 0) return;
    this.dirtyQueues.clear();
    if (full) {
      const every = this.options.reconcileEveryMs ?? 0;
      this.nextScanAt = every > 0 ? Date.now() + every : Number.POSITIVE_INFINITY;
    }
    this.scanning = (async () => {
      try {
        if (full) await this.scanAll();
        else for (const queue of dirty) await this.scanQueue(queue);
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, "job index scan failed; retrying");
        if (full) this.nextScanAt = Date.now() + RETRY_DELAY_MS;
        else for (const queue of dirty) this.dirtyQueues.add(queue);
      } finally {
        this.scanning = undefined;
      }
    })();
  }

  private async streamPositions(): Promise<Map<string, string>> {
    const pipeline = this.options.connection.pipeline();
    const keys = [...this.streamQueue.keys()];
    for (const key of keys) pipeline.xrevrange(key, "+", "-", "COUNT", 1);
    const replies = (await pipeline.exec()) ?? [];
    return new Map(
      keys.map((key, i) => {
        const [err, entries] = replies[i] ?? [null, []];
        if (err) throw err;
        return [key, (entries as Array<[string, string[]]>)[0]?.[0] ?? "0-0"];
      }),
    );
  }

  /** One XREAD over every stream; returns the positions after the events it handled. */
  private async readEvents(ids: Map<string, string>): Promise<Map<string, string>> {
    if (this.blocking.status === "wait" || this.blocking.status === "end")
      await this.blocking.connect().catch(() => undefined);
    const keys = [...ids.keys()];
    const reply = (await this.blocking.xread(
      "COUNT",
      1000,
      "BLOCK",
      this.options.blockMs ?? 1000,
      "STREAMS",
      ...keys,
      ...keys.map((k) => ids.get(k)!),
    )) as Array<[string, Array<[string, string[]]>]> | null;
    if (!reply) return ids;
    const next = new Map(ids);
    for (const [key, entries] of reply) {
      const queue = this.streamQueue.get(key);
      if (!queue || entries.length === 0) continue;
      const jobIds = new Set<string>();
      for (const [, fields] of entries) {
        const event: Record<string, string> = {};
        for (let i = 0; i + 1 < fields.length; i += 2) event[fields[i]!] = fields[i + 1]!;
        // A clean names no job, only how many went: rescan that queue.
        if (event.event === "cleaned") this.dirtyQueues.add(queue);
        else if (event.jobId && event.event !== "progress") jobIds.add(event.jobId);
      }
      await this.syncJobs(queue, [...jobIds]);
      next.set(key, entries.at(-1)![0]);
    }
    return next;
  }

  /** Re-reads jobs from Redis and writes what it holds now; a job that is gone loses its row. */
  async syncJobs(queueName: string, jobIds: readonly string[]): Promise<void> {
    const queue = this.handles.get(queueName);
    const owner = this.owners.get(queueName);
    if (!queue || !owner || jobIds.length === 0) return;
    // State first, then the job: BullMQ writes a job's fields and moves it between states in one
    // script, so fields read after the state are at least as new as it ("failed" with its reason).
    // The other order could store "failed" with the fields of the job while it was still active.
    const states = await Promise.all(jobIds.map((id) => queue.getJobState(id)));
    const jobs = await Promise.all(jobIds.map((id) => Job.fromId(queue, id)));
    const rows: IndexRow[] = [];
    const gone: string[] = [];
    jobs.forEach((job, i) => {
      if (job && states[i] !== "unknown") rows.push(indexRow(job, states[i]!, owner));
      else gone.push(jobIds[i]!);
    });
    await upsertRows(this.options.db, rows);
    await deleteRows(this.options.db, queueName, gone);
  }

  private async scanAll(): Promise<void> {
    const started = Date.now();
    await pruneUnwatched(this.options.db, [...this.handles.keys()]);
    let jobs = 0;
    for (const name of this.handles.keys()) {
      if (!this.leading || this.stopped) return;
      jobs += await this.scanQueue(name);
    }
    // Only an optimisation (and needs table ownership): a refusal must not fail the scan.
    await refreshAfterBulkWrite(this.options.db).catch((err: Error) =>
      this.log.warn({ err: err.message }, "could not refresh the index statistics"),
    );
    this.scanned = true;
    this.log.info({ jobs, queues: this.handles.size, ms: Date.now() - started }, "job index reconciled with Redis");
  }

  /** Writes every job the queue keeps, then drops the rows of jobs it no longer has. */
  private async scanQueue(name: string): Promise<number> {
    const queue = this.handles.get(name)!;
    const owner = this.owners.get(name)!;
    const pageSize = this.options.pageSize ?? 500;
    const startedAt = await databaseNow(this.options.db);
    let count = 0;
    for (const state of SCANNED_STATES) {
      for (let start = 0; ; start += pageSize) {
        if (!this.leading || this.stopped) return count;
        // Oldest first, so jobs arriving during the scan land after the pages already read.
        const readAt = await databaseNow(this.options.db);
        const page = await queue.getJobs([state], start, start + pageSize - 1, true);
        const jobs = page.filter(Boolean);
        await upsertRows(
          this.options.db,
          jobs.map((job) => indexRow(job, state, owner)),
          { unlessWrittenSince: readAt },
        );
        count += jobs.length;
        if (page.length < pageSize) break;
      }
    }
    await pruneQueue(this.options.db, name, startedAt);
    return count;
  }
}
