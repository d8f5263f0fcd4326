import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { MonitoredQueue } from "../config";
import type { RunbookKind, RunbookMeta, Severity } from "./schema";
import { limitsOf, type LibraryLimit } from "./limits";
import { analyzeRunbook } from "./parse";
import { renderAnalysis, type RenderedRunbook, type RenderOptions } from "./render";
import { foldText, searchRunbooks, type SearchHit } from "./search";
import type { ParsedRunbook } from "./types";

export { reviewDueDate, reviewOverdue } from "./review";

// The runbooks on disk, parsed once per file change. Each refresh only stats the files; a file
// is read and parsed again when its mtime or size changes, so the library page and the runbook
// page cost about as much as a static page. Rendered trees are cached per version.

/** A runbook whose front-matter is valid (the ones the library lists and filters). */
export type Runbook = ParsedRunbook & { meta: RunbookMeta };

export function isValidRunbook(runbook: ParsedRunbook): runbook is Runbook {
  return runbook.meta !== null;
}

/** README.md and files starting with "_" or "." in the folder are notes, not runbooks. */
export function isRunbookFile(name: string): boolean {
  return /\.md$/i.test(name) && !/^(readme\.md|[_.].*)$/i.test(name);
}

export interface RunbookFilter {
  /** Words matched against title, tags, summary/owner and text, ignoring case and accents. */
  query?: string;
  kind?: RunbookKind;
  severity?: Severity;
  /** Exact tag, case- and accent-insensitive. */
  tag?: string;
}

export interface RunbookLibraryOptions {
  /** Folder of the runbooks (default `<cwd>/runbooks`). */
  dir?: string;
  /** Queues panels may name (default: the configured ones). */
  queues?: readonly MonitoredQueue[];
  /** How runbook pages link to each other etc. (see render.ts). */
  render?: Omit<RenderOptions, "queues">;
  /** Minimum time between two looks at the folder; 0 looks on every call. */
  checkIntervalMs?: number;
}

interface Entry {
  mtimeMs: number;
  size: number;
  source: Buffer;
  parsed: ParsedRunbook;
  rendered?: RenderedRunbook;
  /** The library's limits the rendered tree was built with (a `::limits{from="all"}` table shows them). */
  renderedLimits?: string;
}

export class RunbookLibrary {
  readonly dir: string;
  private readonly entries = new Map<string, Entry>();
  private refreshing: Promise<void> | undefined;
  private lastCheck = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: RunbookLibraryOptions = {}) {
    this.dir = resolve(/*turbopackIgnore: true*/ options.dir ?? join(process.cwd(), "runbooks"));
  }

  /** Every runbook file, valid or not, sorted by slug. */
  async all(): Promise<ParsedRunbook[]> {
    await this.refresh();
    return [...this.entries.values()].map((entry) => entry.parsed).sort((a, b) => a.slug.localeCompare(b.slug));
  }

  /** Runbooks with valid front-matter, sorted by slug (the numeric prefix orders them). */
  async list(): Promise<Runbook[]> {
    return (await this.all()).filter(isValidRunbook);
  }

  /** Runbooks whose front-matter is missing or invalid, for a warning on the library page. */
  async invalid(): Promise<ParsedRunbook[]> {
    return (await this.all()).filter((runbook) => !isValidRunbook(runbook));
  }

  /** A runbook by slug; its `meta` is null when the front-matter is invalid (the body still renders). */
  async getRunbook(slug: string): Promise<ParsedRunbook | undefined> {
    await this.refresh();
    return this.entries.get(slug)?.parsed;
  }

  /** The page tree of a runbook, built once per version. */
  async render(slug: string): Promise<{ parsed: ParsedRunbook; rendered: RenderedRunbook } | undefined> {
    await this.refresh();
    const entry = this.entries.get(slug);
    if (!entry) return undefined;
    const libraryLimits = this.limits();
    const limitsKey = JSON.stringify(libraryLimits);
    if (!entry.rendered || entry.renderedLimits !== limitsKey) {
      entry.rendered = renderAnalysis(
        analyzeRunbook(entry.source, `${slug}.md`, { ...this.parseOptions(), libraryLimits }).markdown,
        this.options.render,
      );
      entry.renderedLimits = limitsKey;
    }
    return { parsed: entry.parsed, rendered: entry.rendered };
  }

  /** Filtered and, with a query, ranked runbooks. Without a query the order is by slug. */
  async search(filter: RunbookFilter = {}): Promise<SearchHit[]> {
    const tag = filter.tag ? foldText(filter.tag) : undefined;
    const candidates = (await this.list()).filter(
      (runbook) =>
        (!filter.kind || runbook.meta.kind === filter.kind) &&
        (!filter.severity || runbook.meta.severity === filter.severity) &&
        (!tag || runbook.meta.tags.some((t) => foldText(t) === tag)),
    );
    return searchRunbooks(candidates, filter.query ?? "");
  }

  /** Every tag in use, sorted, for the filter menu. */
  async tags(): Promise<string[]> {
    const tags = new Set((await this.list()).flatMap((runbook) => runbook.meta.tags));
    return [...tags].sort((a, b) => a.localeCompare(b, "pt-BR"));
  }

  /** Every valid runbook's limits, in slug order. */
  private limits(): LibraryLimit[] {
    return [...this.entries.values()]
      .map((entry) => entry.parsed)
      .sort((a, b) => a.slug.localeCompare(b.slug))
      .flatMap((parsed) => limitsOf(parsed.slug, parsed.meta));
  }

  private parseOptions() {
    return this.options.queues ? { queues: this.options.queues } : {};
  }

  private refresh(): Promise<void> {
    const interval = this.options.checkIntervalMs ?? 1000;
    if (Date.now() - this.lastCheck < interval) return Promise.resolve();
    // Concurrent requests share one look at the folder.
    this.refreshing ??= this.scan().finally(() => {
      this.lastCheck = Date.now();
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async scan(): Promise<void> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter(isRunbookFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") names = [];
      else throw error;
    }
    const seen = new Set<string>();
    await Promise.all(
      names.map(async (name) => {
        const path = join(this.dir, name);
        const info = await stat(path).catch(() => undefined);
        if (!info?.isFile()) return;
        const slug = name.replace(/\.md$/i, "");
        seen.add(slug);
        const cached = this.entries.get(slug);
        if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return;
        const source = await readFile(path);
        this.entries.set(slug, {
          mtimeMs: info.mtimeMs,
          size: info.size,
          source,
          parsed: analyzeRunbook(source, name, this.parseOptions()).parsed,
        });
      }),
    );
    for (const slug of this.entries.keys()) if (!seen.has(slug)) this.entries.delete(slug);
  }
}

let shared: RunbookLibrary | undefined;

/** The portal's library of `<cwd>/runbooks`. */
export function runbookLibrary(): RunbookLibrary {
  shared ??= new RunbookLibrary();
  return shared;
}
