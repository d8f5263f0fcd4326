import type { RunbookMeta } from "./schema";
import type { PanelSpec } from "./panels";

// Shapes shared by the parser, the renderer, the library and the lint. Line numbers are always
// 1-based lines of the whole file, front-matter included.

export interface RunbookProblem {
  line: number;
  message: string;
  /** Errors fail `npm run lint:runbooks`; warnings are printed but do not. */
  severity: "error" | "warning";
}

export interface RunbookItem {
  /** Stable id: the explicit `{#id}` or the github-slugger slug of the text. */
  id: string;
  /** Display text, without the `{#...}` marker. */
  text: string;
  /** `{#id optional}`: not required for the checklist run to count as complete. */
  optional: boolean;
  /** True when the author pinned the id with `{#id}`. */
  explicitId: boolean;
  line: number;
}

export type PlacedPanel = PanelSpec & { line: number };

export interface RunbookHeading {
  depth: 1 | 2 | 3 | 4 | 5 | 6;
  text: string;
  /** The anchor id rehype-slug gives the heading on the page. */
  id: string;
  line: number;
}

export interface ParsedRunbook {
  /** File name without `.md`, e.g. `03-alerta-job-na-dlq`. */
  slug: string;
  /** sha256 (hex) of the file bytes; show the first 12 characters. */
  version: string;
  /** Null when the front-matter is missing or invalid (see `problems`). */
  meta: RunbookMeta | null;
  /** Markdown after the front-matter. */
  body: string;
  /** File line on which `body` starts. */
  bodyStartLine: number;
  /** The body as plain text (for search). */
  text: string;
  items: RunbookItem[];
  /** Valid panel directives only; invalid ones are in `problems` and render as error boxes. */
  panels: PlacedPanel[];
  headings: RunbookHeading[];
  problems: RunbookProblem[];
}
