import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

// What the portal serves, read from the code rather than from a list someone has to remember:
// the access matrix and the fuzz both demand an entry for everything found here, so a new route,
// page or form cannot slip past them; and the fuzz refuses any server action in the build.

export type DiscoveredMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface DiscoveredRoute {
  /** Next-style pattern, e.g. /api/incidents/[id]/notes. */
  pattern: string;
  method: DiscoveredMethod;
  kind: "page" | "route";
  /** Repository-relative source file. */
  file: string;
  /** Pages only: the page reads its query string (a GET form such as the audit filters). */
  readsSearchParams?: boolean;
}

function walk(dir: string, visit: (file: string) => void): void {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) walk(full, visit);
    else visit(full);
  }
}

/** Every page.tsx and route.ts under app/, with each HTTP method a route handler exports. */
export function discoverAppRoutes(root = path.resolve("app")): DiscoveredRoute[] {
  const found: DiscoveredRoute[] = [];
  walk(root, (full) => {
    const entry = path.basename(full);
    if (entry !== "page.tsx" && entry !== "route.ts") return;
    const segments = path
      .relative(root, path.dirname(full))
      .split(path.sep)
      .filter((s) => s && !/^\(.*\)$/.test(s));
    const pattern = `/${segments.join("/")}`;
    const file = path.relative(process.cwd(), full);
    const source = readFileSync(full, "utf8");
    if (entry === "page.tsx") {
      found.push({ pattern, method: "GET", kind: "page", file, readsSearchParams: /\bsearchParams\b/.test(source) });
      return;
    }
    for (const m of source.matchAll(/export\s+(?:async\s+)?(?:function|const)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) {
      found.push({ pattern, method: m[1] as DiscoveredMethod, kind: "route", file });
    }
  });
  return found.sort((a, b) => `${a.pattern} ${a.method}`.localeCompare(`${b.pattern} ${b.method}`));
}

/**
 * The server actions in the production build (its manifest, so inline ones and any a library
 * brings count too), as "file#export". Each would be a public POST endpoint; the portal has none
 * (docs/adr/0004-no-server-actions.md).
 */
export function builtServerActions(manifest = path.resolve(".next/server/server-reference-manifest.json")): string[] {
  const actions = JSON.parse(readFileSync(manifest, "utf8")) as Record<
    "node" | "edge",
    Record<string, { filename?: string; exportedName?: string }>
  >;
  return [...Object.values(actions.node ?? {}), ...Object.values(actions.edge ?? {})]
    .map((a) => `${a.filename ?? "?"}#${a.exportedName ?? "?"}`)
    .sort();
}
