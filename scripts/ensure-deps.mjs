// Installs dependencies and generates the Prisma client when they are missing or stale, so a
// fresh clone needs no manual step. Plain Node: it runs before anything is installed.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = fileURLToPath(new URL("..", import.meta.url));
const file = (p) => path.join(root, p);
const hash = (...paths) => {
  const h = createHash("sha256");
  for (const p of paths) h.update(existsSync(file(p)) ? readFileSync(file(p)) : "");
  return h.digest("hex");
};

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`ensure-deps: \`${cmd} ${args.join(" ")}\` failed`);
    process.exit(result.status ?? 1);
  }
}

const depsStamp = file("node_modules/.ops-portal-deps");
const depsHash = hash("package.json", "package-lock.json");
if (!existsSync(depsStamp) || readFileSync(depsStamp, "utf8") !== depsHash) {
  console.log("Installing dependencies (npm ci)...");
  run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"]);
  writeFileSync(depsStamp, depsHash);
}

const clientStamp = file("lib/generated/prisma/.schema-hash");
const schemaHash = hash("prisma/schema.prisma", "package-lock.json");
if (!existsSync(clientStamp) || readFileSync(clientStamp, "utf8") !== schemaHash) {
  console.log("Generating the Prisma client...");
  run(process.execPath, [file("scripts/db-generate.mjs"), "--quiet"]);
  writeFileSync(clientStamp, schemaHash);
}
