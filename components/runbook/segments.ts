import type { ElementContent, Root, RootContent } from "hast";
import { toHtml } from "hast-util-to-html";
import type { RenderedRunbook } from "@/lib/runbooks/render";
import { presentTree } from "./present";

// A runbook page is mostly text that only changes when the file does, with a few live pieces
// (panels, tickable items) in it. Rendering all of it through React on every request cost more
// than the rest of the page together, so the top-level blocks without live pieces are turned
// into HTML once per runbook version and sent as strings; only the blocks holding a live piece
// go through React. Both come from the same presented tree (present.ts), so they look the same.

export type ContentSegment = { kind: "html"; html: string } | { kind: "live"; root: Root };

export interface SegmentOptions {
  /** True when items are not tickable here (they are then static, like the text around them). */
  staticItems: boolean;
}

// Keyed by the cached tree, so a new runbook version (a new tree) starts afresh and the old
// segments go with the old tree.
const cache = new WeakMap<Root, Map<string, ContentSegment[]>>();

function holdsLivePiece(node: ElementContent | RootContent, staticItems: boolean): boolean {
  if (node.type !== "element") return false;
  if (node.tagName === "runbook-panel") return true;
  if (!staticItems && node.tagName === "li" && node.properties.dataItemId !== undefined) return true;
  return node.children.some((child) => holdsLivePiece(child, staticItems));
}

function split(rendered: RenderedRunbook, options: SegmentOptions): ContentSegment[] {
  const items = new Map(rendered.items.map((item) => [item.id, item]));
  const presented = presentTree(rendered.tree, { staticItems: options.staticItems, items });
  const segments: ContentSegment[] = [];
  let pending: RootContent[] = [];
  const flush = () => {
    if (pending.some((node) => node.type !== "text" || node.value.trim() !== ""))
      segments.push({ kind: "html", html: toHtml({ type: "root", children: pending }) });
    pending = [];
  };
  for (const node of presented.children) {
    if (!holdsLivePiece(node, options.staticItems)) {
      pending.push(node);
      continue;
    }
    flush();
    segments.push({ kind: "live", root: { type: "root", children: [node] } });
  }
  flush();
  return segments;
}

/** The content of `rendered` as static HTML strings and live blocks, in document order. */
export function contentSegments(rendered: RenderedRunbook, options: SegmentOptions): ContentSegment[] {
  let byOptions = cache.get(rendered.tree);
  if (!byOptions) cache.set(rendered.tree, (byOptions = new Map()));
  const key = options.staticItems ? "static-items" : "live-items";
  let segments = byOptions.get(key);
  if (!segments) byOptions.set(key, (segments = split(rendered, options)));
  return segments;
}
