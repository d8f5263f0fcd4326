import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

// Finds repository paths named in inline code and shell code blocks ("scripts/backup.sh",
// "./scripts/rollback.ts", "docs/adr/"), so the lint can check they exist. A token counts as a
// repo path only when its first folder is a top-level folder of the repository: that keeps
// URL paths (/admin/queues), artefact folders (backups/, ignored by git) and ordinary words
// with a slash out. Placeholders (<instance>), globs, variables and URLs are skipped, and only
// names with a file extension or a trailing slash count.

// Folders this project keeps at the top level, counted even before they exist so that a
// runbook naming "deploy/..." is checked instead of silently ignored.
const CONVENTIONAL_ROOTS = [
  "app",
  "bench",
  "components",
  "deploy",
  "docs",
  "e2e",
  "lib",
  "prisma",
  "public",
  "runbooks",
  "scripts",
  "seeds",
  "tests",
];

/** Top-level folders whose paths are checked: conventional + existing, minus git-ignored ones. */
export function repoPathRoots(repoRoot: string): Set<string> {
  const ignored = gitIgnoredTopLevel(repoRoot);
  const existing = safeReaddir(repoRoot);
  const roots = new Set([...CONVENTIONAL_ROOTS, ...existing]);
  for (const name of roots) {
    if (name.startsWith(".") || name === "node_modules" || ignored.has(name)) roots.delete(name);
  }
  return roots;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

/** Plain folder names from .gitignore ("backups/", "/.data"); patterns with globs are ignored. */
function gitIgnoredTopLevel(repoRoot: string): Set<string> {
  let text: string;
  try {
    text = readFileSync(join(repoRoot, ".gitignore"), "utf8");
  } catch {
    return new Set();
  }
  const names = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#") && !line.startsWith("!") && !/[*?[\]]/.test(line))
    .map((line) => line.replace(/^\//, "").replace(/\/$/, ""))
    .filter((line) => !line.includes("/"));
  return new Set(names);
}

const SKIP = /[<>*?$`{}~|=]|:\/\/|^@/;

/** Repo-relative paths named in `text` (a code span or one line of a shell block). */
export function repoPathsIn(text: string, roots: ReadonlySet<string>): string[] {
  const paths: string[] = [];
  for (const raw of text.split(/\s+/)) {
    // "--file=scripts/x.sh" names the part after "=".
    let token = raw.replace(/^--?[\w-]+=/, "");
    token = token.replace(/^["'([]+/, "").replace(/["')\],;.:]+$/, "");
    if (!token || SKIP.test(token) || token.includes(":")) continue;
    token = token.replace(/^(\.\/)+/, "");
    const segments = token.split("/");
    if (segments.length < 2 || segments.includes("..") || !roots.has(segments[0]!)) continue;
    // A file needs an extension and a folder a trailing slash: "deploy/ops-portal" in
    // `kubectl scale deploy/ops-portal` is a Kubernetes resource, not a path.
    if (!token.endsWith("/") && !/\.[A-Za-z0-9]+$/.test(segments.at(-1)!)) continue;
    paths.push(token);
  }
  return paths;
}

const SHELL_LANGS = new Set(["bash", "sh", "shell", "console", "zsh", "shell-session"]);

/** Only shell blocks are scanned: other blocks (JSON, logs) quote paths that are not the repo's. */
export function isShellBlock(lang: string | null): boolean {
  return lang !== null && SHELL_LANGS.has(lang.toLowerCase());
}
