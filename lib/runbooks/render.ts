import type { Element, ElementContent, Root as HastRoot } from "hast";
import { unified } from "unified";
import rehypeStringify from "rehype-stringify";
import { visit } from "unist-util-visit";
import { classifyLink, sameFolderRunbookSlug } from "./links";
import { analyzeRunbook, type ParseOptions } from "./parse";
import type { MarkdownAnalysis } from "./markdown";
import type { ParsedRunbook, PlacedPanel, RunbookHeading, RunbookItem } from "./types";

// Markdown → sanitised hast for the runbook page. The heavy lifting (sanitising, heading ids,
// panel and item annotations) happens in markdown.ts; this module only adapts links and task
// items for the portal and builds the table of contents.
//
// Output contract (what RunbookContent and any other consumer can rely on):
// - `<runbook-panel data-panel="dlq" data-args='{"queue":"payments"}' data-panel-index="0"
//   data-line="12">` for a valid panel (index into `panels`), or the same element with
//   `data-error="<Portuguese message>"` instead of args/index for a bad directive.
// - `<li data-item-id="…" data-optional="true|false" data-line="…">` for a checklist item, with
//   GFM's disabled checkbox removed (the page decides how an item is ticked).
// - `<code class="language-…">` kept on code blocks; headings carry their slug `id`.
// - http(s) links get target="_blank" rel="noopener noreferrer"; links to another runbook
//   (`./03-x.md#a`) point at its portal page; links to other repo files (`../scripts/x.sh`)
//   are not served by the portal, so they become plain text with the path as a tooltip;
//   javascript:/data: links lose their href in the sanitiser.

export interface RenderOptions extends ParseOptions {
  /** Portal URL of another runbook's page (default `/runbooks/<slug>`). */
  runbookHref?: (slug: string) => string;
  /** Deepest heading level in the table of contents (default 3). */
  tocMaxDepth?: number;
}

export type TocEntry = RunbookHeading;

export interface RenderedRunbook {
  tree: HastRoot;
  toc: TocEntry[];
  items: RunbookItem[];
  panels: PlacedPanel[];
}

const defaultRunbookHref = (slug: string) => `/runbooks/${encodeURIComponent(slug)}`;

/** Parses and renders one runbook file; `parsed` is returned too so callers need one pass. */
export function renderRunbook(
  source: string | Uint8Array,
  fileName: string,
  options: RenderOptions = {},
): { parsed: ParsedRunbook; rendered: RenderedRunbook } {
  const { parsed, markdown } = analyzeRunbook(source, fileName, options);
  return { parsed, rendered: renderAnalysis(markdown, options) };
}

/** Adapts an analysis for the page. Mutates `markdown.hast`, which is built fresh per analysis. */
export function renderAnalysis(markdown: MarkdownAnalysis, options: RenderOptions = {}): RenderedRunbook {
  const tree = markdown.hast;
  rewriteLinks(tree, options.runbookHref ?? defaultRunbookHref);
  removeTaskCheckboxes(tree);
  const maxDepth = options.tocMaxDepth ?? 3;
  return {
    tree,
    toc: markdown.headings.filter((heading) => heading.depth <= maxDepth),
    items: markdown.items,
    panels: markdown.panels,
  };
}

/** Static HTML of a rendered runbook (print/export and tests); panels stay as their elements. */
export function renderedToHtml(rendered: RenderedRunbook): string {
  return unified().use(rehypeStringify).stringify(rendered.tree);
}

function rewriteLinks(tree: HastRoot, runbookHref: (slug: string) => string): void {
  visit(tree, "element", (node: Element) => {
    if (node.tagName !== "a" || typeof node.properties.href !== "string") return;
    const target = classifyLink(node.properties.href);
    if (target.kind === "external") {
      node.properties.target = "_blank";
      node.properties.rel = ["noopener", "noreferrer"];
    } else if (target.kind === "relative") {
      const slug = sameFolderRunbookSlug(target.path);
      if (slug) {
        node.properties.href = runbookHref(slug) + (target.anchor ? `#${encodeURIComponent(target.anchor)}` : "");
      } else {
        node.tagName = "span";
        node.properties = { title: `Arquivo do repositório: ${target.path}` };
      }
    }
  });
}

function isCheckbox(node: ElementContent | undefined): boolean {
  return node?.type === "element" && node.tagName === "input" && node.properties.type === "checkbox";
}

function removeTaskCheckboxes(tree: HastRoot): void {
  visit(tree, "element", (node: Element) => {
    if (node.tagName !== "li" || node.properties.dataItemId === undefined) return;
    // Tight lists put the checkbox first in the <li>, loose lists first in its <p>.
    const first = node.children.find(
      (child) => child.type === "element" || (child.type === "text" && child.value.trim() !== ""),
    );
    const holder = first?.type === "element" && first.tagName === "p" ? first : node;
    const index = holder.children.findIndex(isCheckbox);
    if (index === -1) return;
    holder.children.splice(index, 1);
    const next = holder.children[index];
    if (next?.type === "text") next.value = next.value.replace(/^\s+/, "");
  });
}
