// `npm run db:seed`: demo users, a few weeks of checklist history and past incidents.
import { config } from "@/lib/config";
import { createPrismaClient } from "@/lib/db";
import { seedDemoData, type SeedChecklist } from "@/lib/demo/seed";
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

const prisma = createPrismaClient(cfg.DATABASE_URL);
try {
  const result = await seedDemoData(prisma, { now: new Date(), timeZone: cfg.TIMEZONE, checklists });
  console.log(
    `Demo data: ${result.users} users, ${result.runs} new checklist runs (${result.ticks} ticks) across ${checklists.length} checklists, ${result.incidents} new incidents`,
  );
} catch (err) {
  console.error(`seed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
