// Prisma's own schema engine (WASM build) and our runner agree: each accepts what the other
// applied, and both produce the schema schema.prisma describes. This is the check that
// `prisma migrate deploy` on a machine with the native engine carries on from our history.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { appliedMigrations, listMigrations, migrate, migrationStatus } from "@/tools/db/migrations";
import { applyWithPrismaEngine } from "@/tools/db/prisma-engine";
import { schemaDrift } from "@/tools/db/schema-drift";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/database";

describe("Prisma's schema engine and our runner", () => {
  const dbs: TestDatabase[] = [];
  let names: string[];

  before(async () => {
    names = (await listMigrations()).map((m) => m.name);
  });
  after(async () => {
    await Promise.all(dbs.map((d) => d.drop()));
  });

  test("what Prisma's engine applies, our runner sees as applied, with the checksums it computes", async () => {
    const db = await createTestDatabase({ migrate: false });
    dbs.push(db);
    assert.deepEqual(await applyWithPrismaEngine(db.url), names);
    assert.deepEqual(await migrationStatus(db.url), { applied: names, pending: [] });
    assert.deepEqual((await migrate(db.url)).applied, []);
    const checksums = new Map((await listMigrations()).map((m) => [m.name, m.checksum]));
    for (const row of await appliedMigrations(db.url)) assert.equal(row.checksum, checksums.get(row.name), row.name);
    assert.deepEqual(await schemaDrift(db.url), []);
  });

  test("what our runner applies, Prisma's engine sees as applied", async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    assert.deepEqual(await applyWithPrismaEngine(db.url), []);
    assert.equal((await appliedMigrations(db.url)).length, names.length);
  });
});
