import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

// scripts/test.ts builds with sentinel values in every server secret; none may reach a file
// the browser can download.
test("no server secret is in the client bundles", () => {
  const sentinels = JSON.parse(process.env.E2E_SECRET_SENTINELS ?? "[]") as string[];
  test.skip(sentinels.length === 0, "run through npm test, which builds with sentinel secrets");
  const root = path.resolve(".next", "static");
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk(root);
  expect(files.length).toBeGreaterThan(5);
  const leaks = files.flatMap((file) => {
    const content = readFileSync(file, "utf8");
    return sentinels
      .filter((s) => content.includes(s))
      .map((s) => `${path.relative(root, file)} contains ${s.slice(0, 20)}…`);
  });
  expect(leaks).toEqual([]);
});
