// `npm run db:seed`: demo users, a few weeks of checklist history (with notes) and incidents.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { config } from "@/lib/config";
import { createPrismaClient } from "@/lib/db/client";
import { DEMO_USERS, seedDemoData, type SeedChecklist } from "@/tools/demo/seed";
import { RunbookLibrary } from "@/lib/runbooks/library";

const cfg = config();
const library = new RunbookLibrary({ queues: cfg.queues });
const checklists: SeedChecklist[] = (await library.list())
  .filter((r) => r.meta.kind === "checklist" && r.meta.cadence)
  .map((r) => ({
    slug: r.slug,
    version: r.version,
    cadence: r.meta.cadence!,
    deadline: r.meta.deadline ?? null,
    items: r.items.map((i) => ({ id: i.id, optional: i.optional })),
  }));

// The demo users' password: random per machine, kept in .data/ (never a default password).
const passwordFile = path.resolve(import.meta.dirname, "..", ".data", "demo-password");
if (!existsSync(passwordFile)) {
  mkdirSync(path.dirname(passwordFile), { recursive: true });
  writeFileSync(passwordFile, randomBytes(9).toString("base64url"), { mode: 0o600 });
}
const password = readFileSync(passwordFile, "utf8").trim();

const prisma = createPrismaClient(cfg.DATABASE_URL);
try {
  const result = await seedDemoData(prisma, { now: new Date(), timeZone: cfg.TIMEZONE, checklists, password });
  console.log(
    `Demo data: ${result.users} users, ${result.runs} new checklist runs (${result.ticks} ticks, ${result.notes} note saves) across ${checklists.length} checklists, ${result.incidents} new incidents`,
  );
  console.log(
    `Demo sign-in: ${DEMO_USERS.map((u) => `${u.email} (${u.role})`).join(", ")}\nDemo password (all demo users, stored in .data/demo-password): ${password}`,
  );
} catch (err) {
  console.error(`seed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
