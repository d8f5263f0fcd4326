import { createHash } from "node:crypto";
import { basename } from "node:path";
import { config, type MonitoredQueue } from "../config";
import { splitFrontMatter } from "./frontmatter";
import { limitsOf, type LibraryLimit } from "./limits";
import { analyzeMarkdown, type MarkdownAnalysis } from "./markdown";
import type { ParsedRunbook } from "./types";

// Turns one runbook file into data. Never throws on bad content: whatever is wrong becomes a
// problem with a file line, so the lint can report it and the page can still render the rest.

export interface ParseOptions {
  /** Queues panels may name; defaults to the configured ones. */
  queues?: readonly MonitoredQueue[];
  /** Every runbook's limits, for `::limits{from="all"}` (the library and the lint pass them). */
  libraryLimits?: readonly LibraryLimit[];
}

export interface RunbookAnalysis {
  parsed: ParsedRunbook;
  /** The full Markdown analysis (hast, links, code) the renderer and the lint build on. */
  markdown: MarkdownAnalysis;
}

/** sha256 hex of the exact file bytes: the version every record made against a runbook keeps. */
export function runbookVersion(source: string | Uint8Array): string {
  return createHash("sha256").update(source).digest("hex");
}

export function slugOfFile(fileName: string): string {
  return basename(fileName).replace(/\.md$/i, "");
}

/** Line endings and BOM do not change line numbers, so they are normalised before parsing. */
function normalizeSource(source: string): string {
  return source.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
}

export function analyzeRunbook(
  source: string | Uint8Array,
  fileName: string,
  options: ParseOptions = {},
): RunbookAnalysis {
  const raw = typeof source === "string" ? source : new TextDecoder().decode(source);
  const text = normalizeSource(raw);
  const front = splitFrontMatter(text);
  const slug = slugOfFile(fileName);
  const markdown = analyzeMarkdown(front.body, front.bodyStartLine, options.queues ?? config().queues, {
    slug,
    own: limitsOf(slug, front.meta),
    all: options.libraryLimits,
  });
  const parsed: ParsedRunbook = {
    slug,
    version: runbookVersion(source),
    meta: front.meta,
    body: front.body,
    bodyStartLine: front.bodyStartLine,
    text: markdown.text,
    items: markdown.items,
    panels: markdown.panels,
    headings: markdown.headings,
    problems: [...front.problems, ...markdown.problems].sort((a, b) => a.line - b.line),
  };
  return { parsed, markdown };
}

export function parseRunbook(source: string | Uint8Array, fileName: string, options: ParseOptions = {}): ParsedRunbook {
  return analyzeRunbook(source, fileName, options).parsed;
}
