// Every shell script of the project passes shellcheck: the *.sh files under scripts/ and .ci/,
// and the extension-less scripts there whose shebang names a POSIX shell or bash (.ci/run).

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

const root = path.resolve(import.meta.dirname, "../..");
const SHELL_SHEBANG = /^#!\s*(\/usr\/bin\/env\s+)?(\/(usr\/)?bin\/)?(ba|da|k)?sh\b/;

function shellScripts(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === "node_modules") continue;
    const full = path.join(dir, entry);
    const info = statSync(full);
    if (info.isDirectory()) found.push(...shellScripts(full));
    else if (entry.endsWith(".sh")) found.push(full);
    else if (!path.extname(entry) && SHELL_SHEBANG.test(readFileSync(full, "utf8").slice(0, 200))) found.push(full);
  }
  return found;
}

const scripts = ["scripts", ".ci"]
  .flatMap((dir) => shellScripts(path.join(root, dir)))
  .map((f) => path.relative(root, f))
  .sort();
const installed = spawnSync("shellcheck", ["--version"], { encoding: "utf8" });

test("shellcheck finds nothing in the project's shell scripts", (t) => {
  if (installed.error || installed.status !== 0) {
    // CI installs it (.ci/run); a developer machine without it gets a visible skip, not a pass.
    t.skip(
      "shellcheck is not installed (apt-get install shellcheck); these scripts were NOT checked: " + scripts.join(", "),
    );
    return;
  }
  assert.ok(
    scripts.includes("scripts/backup.sh") && scripts.includes("scripts/restore.sh"),
    `found: ${scripts.join(", ")}`,
  );
  const result = spawnSync("shellcheck", ["--format=gcc", ...scripts], { cwd: root, encoding: "utf8" });
  assert.equal(result.error, undefined);
  assert.equal(result.status, 0, `shellcheck findings:\n${result.stdout}${result.stderr}`);
});
