// Every route handler under app/api is a declared contract: each exported method is
// `route({ ...api.<name>, … })` for the contract of that method and path, and every contract in
// the registry has its route. The README table and the fuzz rely on the registry being complete.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { CONTRACTS } from "@/lib/http/contracts";

const root = path.resolve(import.meta.dirname, "../..");

function routeFiles(): string[] {
  return readdirSync(path.join(root, "app/api"), { recursive: true, encoding: "utf8" })
    .filter((f) => path.basename(f) === "route.ts")
    .map((f) => path.join("app/api", f));
}

/** "METHOD /path name" for each exported handler; name is "?" when it is not route({ ...api.x }). */
function declaredHandlers(): string[] {
  return routeFiles().flatMap((file) => {
    const urlPath = `/${path.dirname(file).split(path.sep).slice(1).join("/")}`;
    const text = readFileSync(path.join(root, file), "utf8");
    const exported = [
      ...text.matchAll(/export\s+(?:async\s+)?(?:const|function)\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b/g),
    ].map((m) => m[1]!);
    const routed = new Map(
      [...text.matchAll(/export const (\w+) = route\(\{\s*\.\.\.api\.(\w+),/g)].map((m) => [m[1]!, m[2]!]),
    );
    return exported.map((method) => `${method} /api${urlPath.slice(4)} ${routed.get(method) ?? "?"}`);
  });
}

test("every exported route handler under app/api is route({ ...api.<contract> }) for its own method and path", () => {
  const found = declaredHandlers().sort();
  const expected = CONTRACTS.map((c) => `${c.method} ${c.path} ${c.name}`).sort();
  assert.ok(found.length >= 25, `the scan found the route files (${found.length})`);
  assert.deepEqual(found, expected);
});

test("contract names and method + path pairs are unique", () => {
  const keys = CONTRACTS.map((c) => `${c.method} ${c.path}`);
  assert.deepEqual(
    keys.filter((k, i) => keys.indexOf(k) !== i),
    [],
  );
});
