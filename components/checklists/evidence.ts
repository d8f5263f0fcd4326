import type { PanelSnapshot, PanelSpec } from "@/lib/panels/types";

// What each live panel on the page currently shows, keyed by the panel's place on the page
// (its index among the runbook's panels). LivePanel reports every snapshot it renders; ticking an
// item reads the panels of its section from here, so the evidence is exactly what the operator saw.

interface Entry {
  panel: PanelSpec;
  snapshot: PanelSnapshot;
}

const registry = new Map<string, Entry>();

export function panelEvidenceKey(index: number): string {
  return `panel-${index}`;
}

export function reportPanel(key: string, panel: PanelSpec, snapshot: PanelSnapshot): void {
  registry.set(key, { panel, snapshot });
}

export function forgetPanel(key: string): void {
  registry.delete(key);
}

/** Long lists and texts are cut so a snapshot stays well under the API's 16 KiB evidence limit. */
function compact(value: unknown, depth: number, listMax: number): unknown {
  if (typeof value === "string") return value.length > 300 ? `${value.slice(0, 300)}…` : value;
  if (value === null || typeof value !== "object") return value;
  if (depth >= 5) return Array.isArray(value) ? `[${value.length}]` : "{…}";
  if (Array.isArray(value)) return value.slice(0, listMax).map((v) => compact(v, depth + 1, listMax));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v, depth + 1, listMax)]));
}

function describe({ panel, snapshot }: Entry, listMax: number): Record<string, unknown> {
  const base = { panel: panel.type, args: panel.args, status: snapshot.status };
  if (snapshot.status === "ok")
    return {
      ...base,
      fetchedAt: snapshot.fetchedAt,
      ...(snapshot.stale ? { stale: true } : {}),
      data: compact(snapshot.data, 0, listMax),
    };
  if (snapshot.status === "error") return { ...base, fetchedAt: snapshot.fetchedAt, error: snapshot.error.message };
  return base;
}

const MAX_BYTES = 12_000;

/** The evidence of a tick: the current data of the given panels, or null when there is none. */
export function evidenceFor(keys: readonly string[]): Record<string, unknown> | null {
  const entries = keys.flatMap((key) => {
    const entry = registry.get(key);
    return entry ? [[key, entry] as const] : [];
  });
  if (entries.length === 0) return null;
  for (const listMax of [10, 3, 0]) {
    const evidence = Object.fromEntries(entries.map(([key, entry]) => [key, describe(entry, listMax)]));
    if (new TextEncoder().encode(JSON.stringify(evidence)).length <= MAX_BYTES) return evidence;
  }
  return Object.fromEntries(
    entries.map(([key, { panel, snapshot }]) => [key, { panel: panel.type, status: snapshot.status }]),
  );
}
