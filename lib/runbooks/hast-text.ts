import type { Nodes } from "hast";

// Kept apart from the Markdown pipeline so UI code can use it without importing unified.

/** Concatenated text of a hast subtree (the same text rehype-slug derives heading ids from). */
export function hastText(node: Nodes): string {
  if (node.type === "text") return node.value;
  if ("children" in node) return node.children.map((child) => hastText(child)).join("");
  return "";
}
