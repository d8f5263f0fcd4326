import type { PlacedPanel, RunbookHeading, RunbookItem } from "@/lib/runbooks/types";
import { panelEvidenceKey } from "./evidence";

/**
 * The panels whose data is an item's evidence: those placed after it, up to the next item or
 * heading. An item with none there (e.g. a second item under the same panel) takes the panels of
 * its section (between the headings around it). Keys are the panels' registry keys.
 */
export function evidencePanels(
  items: readonly RunbookItem[],
  panels: readonly PlacedPanel[],
  headings: readonly RunbookHeading[],
): Map<string, string[]> {
  const itemLines = items.map((i) => i.line).sort((a, b) => a - b);
  const headingLines = headings.map((h) => h.line).sort((a, b) => a - b);
  const keyed = panels.map((panel, index) => ({ line: panel.line, key: panelEvidenceKey(index) }));
  const result = new Map<string, string[]>();
  for (const item of items) {
    const nextHeading = headingLines.find((l) => l > item.line) ?? Infinity;
    const nextItem = itemLines.find((l) => l > item.line) ?? Infinity;
    const after = keyed.filter((p) => p.line > item.line && p.line < Math.min(nextHeading, nextItem));
    if (after.length > 0) {
      result.set(
        item.id,
        after.map((p) => p.key),
      );
      continue;
    }
    const sectionStart = [...headingLines].reverse().find((l) => l < item.line) ?? 0;
    result.set(
      item.id,
      keyed.filter((p) => p.line > sectionStart && p.line < nextHeading).map((p) => p.key),
    );
  }
  return result;
}
