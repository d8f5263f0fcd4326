// The safety net for hand-written migrations (ADR 0002): a freshly migrated database must match
// schema.prisma exactly. The mutation cases below prove the check can fail.

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { DEFAULT_SCHEMA_PATH, expectedShape, prismaConstraintName, schemaDrift } from "@/tools/db/schema-drift";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/database";

let db: TestDatabase;
let schema: string;

before(async () => {
  db = await createTestDatabase();
  schema = await readFile(DEFAULT_SCHEMA_PATH, "utf8");
});
after(async () => {
  await db?.drop();
});

/** schema.prisma with one textual change; fails loudly if the anchor text is gone. */
function edited(from: string | RegExp, to: string): string {
  const next = schema.replace(from, to);
  assert.notEqual(next, schema, `schema.prisma no longer contains ${from}; update this test`);
  return next;
}

test("the migrated database matches schema.prisma", async () => {
  const problems = await schemaDrift(db.url);
  assert.deepEqual(
    problems,
    [],
    `schema.prisma and prisma/migrations disagree:\n  ${problems.join("\n  ")}\n` +
      "Write a migration for the schema change (see docs/adr/0002-prisma-migrations-offline.md).",
  );
});

describe("reports drift", () => {
  test("a field added to a temp copy of schema.prisma but not migrated", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ops-portal-schema-"));
    try {
      const copy = path.join(dir, "schema.prisma");
      await writeFile(copy, edited(/(\n\s*name\s+String\n)/, '$1  nickname String? @map("nick_name")\n'));
      const problems = await schemaDrift(db.url, { schemaPath: copy });
      assert.deepEqual(problems, ["column users.nick_name: missing in the database"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  const cases: Array<{ change: string; schema: () => string; expect: RegExp }> = [
    {
      change: "a model renamed through @@map",
      schema: () => edited('@@map("audit_events")', '@@map("audit_log")'),
      expect: /table "audit_log": missing in the database/,
    },
    {
      change: "a column renamed through @map",
      schema: () => edited('@map("email_verified")', '@map("is_email_verified")'),
      expect: /column users\.is_email_verified: missing in the database/,
    },
    {
      change: "a column dropped from the schema",
      schema: () => edited(/\n\s*ip\s+String\?\n/, "\n"),
      expect: /column audit_events\.ip: in the database but not in schema\.prisma/,
    },
    {
      change: "a type change",
      schema: () => edited(/number(\s+)Int(\s+)@unique/, "number$1BigInt$2@unique"),
      expect: /column incidents\.number: type integer in the database, schema\.prisma expects bigint/,
    },
    {
      change: "a timestamp precision change",
      schema: () =>
        edited(
          /at(\s+)DateTime @default\(now\(\)\) @db\.Timestamptz\(3\)/,
          "at$1DateTime @default(now()) @db.Timestamptz(6)",
        ),
      expect:
        /column audit_events\.at: type timestamp\(3\) with time zone in the database, schema\.prisma expects timestamp\(6\) with time zone/,
    },
    {
      change: "optional becoming required",
      schema: () => edited(/fingerprint(\s+)String\?/, "fingerprint$1String "),
      expect: /column incidents\.fingerprint: nullable in the database, schema\.prisma expects NOT NULL/,
    },
    {
      change: "a changed default",
      schema: () => edited("@default(viewer)", "@default(operator)"),
      expect: /column users\.role: has default 'viewer'::"Role", schema\.prisma expects "operator"/,
    },
    {
      change: "a removed default",
      schema: () => edited(/status(\s+)IncidentStatus @default\(open\)/, "status$1IncidentStatus"),
      expect: /column incidents\.status: has default 'open'::"IncidentStatus", schema\.prisma expects none/,
    },
    {
      change: "an enum value added",
      schema: () => edited(/P3\n/, "P3\n  P4\n"),
      expect: /enum "Severity": values \(P1, P2, P3\) in the database, schema\.prisma has \(P1, P2, P3, P4\)/,
    },
    {
      change: "an index added",
      schema: () => edited('@@map("users")', '@@index([name])\n  @@map("users")'),
      expect: /index users_name_idx on users\(name\): missing in the database/,
    },
    {
      change: "an index removed",
      schema: () => edited(/\n\s*@@index\(\[fingerprint\]\)/, ""),
      expect: /index incidents_fingerprint_idx on incidents\(fingerprint\): in the database but not in schema\.prisma/,
    },
    {
      change: "an index becoming unique",
      schema: () => edited("@@index([fingerprint])", "@@unique([fingerprint])"),
      expect: /unique index incidents_fingerprint_key on incidents\(fingerprint\): missing in the database/,
    },
    {
      change: "an index renamed with map:",
      schema: () => edited("@@index([openedAt])", '@@index([openedAt], map: "incidents_by_opened_at")'),
      expect: /index incidents_by_opened_at on incidents\(opened_at\): missing in the database/,
    },
    {
      change: "a different referential action",
      schema: () =>
        edited(
          "fields: [runId], references: [id], onDelete: Cascade",
          "fields: [runId], references: [id], onDelete: Restrict",
        ),
      expect:
        /foreign key checklist_ticks_run_id_fkey .*: ON DELETE Cascade in the database, schema\.prisma expects Restrict/,
    },
    {
      change: "a new relation",
      schema: () =>
        edited(
          /(\n\s*)correlationId(\s+)String\?(\s+)@map\("correlation_id"\)/,
          '$1correlationId$2String?$3@map("correlation_id")$1incidentId    String?  @map("incident_id") @db.Uuid$1incident      Incident? @relation(fields: [incidentId], references: [id])',
        ).replace(/timeline {2}TimelineEntry\[\]/, "timeline  TimelineEntry[]\n  audits    AuditEvent[]"),
      expect:
        /foreign key audit_events_incident_id_fkey audit_events\(incident_id\) -> incidents\(id\): missing in the database/,
    },
  ];

  for (const c of cases) {
    test(c.change, async () => {
      const problems = await schemaDrift(db.url, { schemaText: c.schema() });
      assert.ok(
        problems.some((p) => c.expect.test(p)),
        `expected ${c.expect} among:\n  ${problems.join("\n  ")}`,
      );
    });
  }

  test("changes made to the database behind Prisma's back", async () => {
    const scratch = await createTestDatabase();
    try {
      const client = new pg.Client({ connectionString: scratch.url });
      await client.connect();
      await client.query(`
        ALTER TABLE "users" ADD COLUMN "shadow" TEXT;
        ALTER TABLE "users" ALTER COLUMN "name" DROP NOT NULL;
        DROP INDEX "checklist_ticks_actor_id_created_at_idx";
        ALTER TABLE "timeline_entries" DROP CONSTRAINT "timeline_entries_actor_id_fkey";
        ALTER TYPE "TimelineKind" ADD VALUE 'page';
        CREATE TABLE "scratchpad" ("id" INTEGER);
      `);
      await client.end();

      const problems = await schemaDrift(scratch.url);
      assert.deepEqual(problems.sort(), [
        "column users.name: nullable in the database, schema.prisma expects NOT NULL",
        "column users.shadow: in the database but not in schema.prisma",
        'enum "TimelineKind": values (note, step, status, action, alert, commander, severity, runbook, page) in the database, schema.prisma has (note, step, status, action, alert, commander, severity, runbook)',
        "foreign key timeline_entries_actor_id_fkey timeline_entries(actor_id) -> users(id): missing in the database",
        "index checklist_ticks_actor_id_created_at_idx on checklist_ticks(actor_id, created_at): missing in the database",
        'table "scratchpad": in the database but not in schema.prisma',
      ]);
    } finally {
      await scratch.drop();
    }
  });
});

describe("expectedShape", () => {
  test("uses Prisma's default constraint names, truncated to PostgreSQL's 63 characters", () => {
    assert.equal(prismaConstraintName("users", ["email"], "_key"), "users_email_key");
    assert.equal(prismaConstraintName("users", ["id"], "_pkey"), "users_pkey");
    const long = prismaConstraintName(
      "a_table_with_a_rather_long_name",
      ["first_column", "second_column", "third"],
      "_idx",
    );
    assert.equal(long.length, 63);
    assert.ok(long.endsWith("_idx"));
  });

  test("honours @map on enum values, @@map on enums and map: on relations", () => {
    const shape = expectedShape(`
      datasource db {
        provider = "postgresql"
      }
      enum Colour {
        red   @map("RED")
        green
        @@map("colours")
      }
      model Paint {
        id     Int    @id @default(autoincrement())
        colour Colour @default(red)
        tags   String[]
        cans   Can[]
      }
      model Can {
        id      BigInt @id @default(autoincrement())
        paintId Int    @map("paint_id")
        paint   Paint  @relation(fields: [paintId], references: [id], map: "can_paint")
      }
    `);
    assert.deepEqual(shape.enums, [{ name: "colours", values: ["RED", "green"] }]);
    const paint = shape.tables.find((t) => t.name === "Paint")!;
    assert.deepEqual(
      paint.columns.find((c) => c.name === "colour"),
      {
        name: "colour",
        type: "enum colours",
        nullable: false,
        default: { kind: "value", value: "RED" },
      },
    );
    assert.deepEqual(
      paint.columns.find((c) => c.name === "tags"),
      { name: "tags", type: "text[]", nullable: true, default: { kind: "none" } },
    );
    const can = shape.tables.find((t) => t.name === "Can")!;
    assert.deepEqual(can.columns[0], { name: "id", type: "bigint", nullable: false, default: { kind: "sequence" } });
    assert.deepEqual(can.foreignKeys, [
      {
        name: "can_paint",
        columns: ["paint_id"],
        referencedTable: "Paint",
        referencedColumns: ["id"],
        onDelete: "Restrict",
        onUpdate: "Cascade",
      },
    ]);
  });

  test("rejects an invalid schema with Prisma's own validation message", () => {
    assert.throws(
      () => expectedShape(edited("@default(viewer)", "@default(superuser)")),
      /schema\.prisma is invalid:[\s\S]*superuser/,
    );
  });
});

describe("the parser", () => {
  test("is the build the prisma CLI bundles, byte for byte", () => {
    // A prisma upgrade without the matching @prisma/prisma-schema-wasm would compare the
    // database with another Prisma's reading of the schema.
    const require = createRequire(import.meta.url);
    const cli = path.join(path.dirname(require.resolve("prisma/package.json")), "build", "prisma_schema_build_bg.wasm");
    const ours = path.join(path.dirname(require.resolve("@prisma/prisma-schema-wasm")), "prisma_schema_build_bg.wasm");
    const digest = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
    assert.equal(
      digest(ours),
      digest(cli),
      "pin @prisma/prisma-schema-wasm to the version the prisma package was built with",
    );
  });
});
