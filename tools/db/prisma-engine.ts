// Prisma's own schema engine (the WASM build, over a pg driver adapter) applying
// prisma/migrations. The `prisma` CLI 7.x does not offer this build (it only runs the native
// engine, which this machine cannot download), so npm run db:migrate stays on our runner; this
// module lets the tests check, with Prisma's real engine, that both write the same history and
// the same schema (ADR 0002).

import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import { DEFAULT_MIGRATIONS_DIR, listMigrations } from "@/tools/db/migrations";
import { DEFAULT_SCHEMA_PATH } from "@/tools/db/schema-drift";

let engineClass: Promise<typeof SchemaEngine> | undefined;

// What @prisma/internals' wasmSchemaEngineLoader does, minus its assumption that the WASM file
// sits in the CLI's bundle (the package's main module imports the .wasm as an ES module, which
// Node 20 cannot).
async function loadEngineClass(): Promise<typeof SchemaEngine> {
  const runtime = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const dir = path.dirname(fileURLToPath(import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg")));
  const module = new WebAssembly.Module(await readFile(path.join(dir, "schema_engine_bg.wasm")));
  const instance = new WebAssembly.Instance(module, {
    "./schema_engine_bg.js": runtime as unknown as WebAssembly.ModuleImports,
  });
  runtime.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return runtime.SchemaEngine;
}

export interface PrismaEngineOptions {
  migrationsDir?: string;
  schemaPath?: string;
}

/** `prisma migrate deploy`, by Prisma's engine: applies pending migrations and returns their names. */
export async function applyWithPrismaEngine(databaseUrl: string, opts: PrismaEngineOptions = {}): Promise<string[]> {
  const baseDir = path.resolve(opts.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const schemaPath = opts.schemaPath ?? DEFAULT_SCHEMA_PATH;
  engineClass ??= loadEngineClass();
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: databaseUrl }));
  const engine = await (
    await engineClass
  ).new({ datamodels: [[schemaPath, await readFile(schemaPath, "utf8")]] }, () => {}, adapter);
  try {
    const lockfile = path.join(baseDir, "migration_lock.toml");
    const migrations = await listMigrations(baseDir);
    const output = await engine.applyMigrations({
      migrationsList: {
        baseDir,
        lockfile: { path: "migration_lock.toml", content: await readFile(lockfile, "utf8").catch(() => null) },
        shadowDbInitScript: "",
        migrationDirectories: await Promise.all(
          migrations.map(async (m) => ({
            path: m.name,
            migrationFile: {
              path: "migration.sql",
              content: { tag: "ok" as const, value: await readFile(m.sqlPath, "utf8") },
            },
          })),
        ),
      },
      filters: { externalTables: [], externalEnums: [] },
    });
    return output.appliedMigrationNames;
  } finally {
    engine.free();
  }
}
