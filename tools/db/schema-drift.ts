// Compares schema.prisma with a migrated PostgreSQL database, standing in for the drift check of
// `prisma migrate dev`, which needs the native schema engine (ADR 0002).
//
// The expected side comes from Prisma's own parser: `get_dmmf` of @prisma/prisma-schema-wasm, the
// package @prisma/get-dmmf wraps, pinned to the build whose WASM the `prisma` CLI bundles (a test
// compares the bytes), so @map, @@map, defaults and native types are interpreted exactly as
// Prisma interprets them. The actual side is read from pg_catalog. Names Prisma would generate (`<table>_<cols>_key|_idx|_fkey`, `<table>_pkey`) are
// computed with Prisma's rules, since `prisma migrate` treats a renamed index as drift too.
//
// Limits, all deliberate: one schema (the connection's current_schema()); relationMode = "prisma"
// and multiSchema are not modelled; dbgenerated()/list defaults only need *a* default to exist;
// operator classes and index lengths are not compared.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import type pg from "pg";
import { connect } from "@/tools/db/migrations";

export const DEFAULT_SCHEMA_PATH = fileURLToPath(new URL("../../prisma/schema.prisma", import.meta.url));

// ---------------------------------------------------------------------------------------------
// Prisma's parser, offline

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "object" | "enum" | "unsupported";
  isList: boolean;
  isRequired: boolean;
  type: string;
  nativeType?: [string, string[]] | null;
  hasDefaultValue: boolean;
  default?: unknown;
  isUpdatedAt?: boolean;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}

interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}

interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  dbName?: string;
  algorithm?: string;
  fields: Array<{ name: string; sortOrder?: "asc" | "desc" }>;
}

interface DmmfEnum {
  name: string;
  dbName: string | null;
  values: Array<{ name: string; dbName: string | null }>;
}

export interface Datamodel {
  enums: DmmfEnum[];
  models: DmmfModel[];
  indexes: DmmfIndex[];
}

/** Prisma's data model (DMMF) of a schema; throws with Prisma's validation errors. */
export function parseDatamodel(schemaText: string): Datamodel {
  let json: string;
  try {
    json = get_dmmf(JSON.stringify({ prismaSchema: schemaText, noColor: true }));
  } catch (err) {
    let message = err instanceof Error ? err.message : String(err);
    try {
      message = (JSON.parse(message) as { message?: string }).message ?? message;
    } catch {
      // not JSON: keep as is
    }
    throw new Error(`schema.prisma is invalid:\n${message}`, { cause: err });
  }
  return (JSON.parse(json) as { datamodel: Datamodel }).datamodel;
}

// ---------------------------------------------------------------------------------------------
// One shape for both sides

export type DefaultSpec =
  { kind: "none" } | { kind: "sequence" } | { kind: "now" } | { kind: "value"; value: string } | { kind: "any" };

export interface ColumnShape {
  name: string;
  /** format_type() of the element type, "enum <name>" for enums, plus "[]" for arrays. */
  type: string;
  nullable: boolean;
  /** Expected side: a DefaultSpec; actual side: pg_get_expr() of the default, or null. */
  default: DefaultSpec | string | null;
}

export interface IndexShape {
  name: string;
  /** Column names, " DESC" appended where descending. */
  columns: string[];
  kind: "primary" | "unique" | "index";
  method: string;
  /** Expressions or a WHERE clause: Prisma cannot express these, so they are always drift. */
  special?: boolean;
}

export interface ForeignKeyShape {
  name: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: string;
  onUpdate: string;
}

export interface TableShape {
  name: string;
  columns: ColumnShape[];
  indexes: IndexShape[];
  foreignKeys: ForeignKeyShape[];
}

export interface SchemaShape {
  tables: TableShape[];
  enums: Array<{ name: string; values: string[] }>;
}

// ---------------------------------------------------------------------------------------------
// Expected: what `prisma migrate` would create for the schema

const MAX_IDENTIFIER = 63;

/** Prisma's default constraint names (psl constraint_names.rs), truncated like PostgreSQL needs. */
export function prismaConstraintName(
  table: string,
  columns: string[],
  suffix: "_pkey" | "_key" | "_idx" | "_fkey",
): string {
  const base = suffix === "_pkey" ? table : `${table}_${columns.join("_")}`;
  return base.slice(0, MAX_IDENTIFIER - suffix.length) + suffix;
}

const TYPE_OF_NATIVE: Record<string, (args: string[]) => string> = {
  Text: () => "text",
  VarChar: (a) => (a[0] ? `character varying(${a[0]})` : "character varying"),
  Char: (a) => `character(${a[0] ?? 1})`,
  Uuid: () => "uuid",
  Xml: () => "xml",
  Json: () => "json",
  JsonB: () => "jsonb",
  Citext: () => "citext",
  Inet: () => "inet",
  Oid: () => "oid",
  Money: () => "money",
  SmallInt: () => "smallint",
  Integer: () => "integer",
  BigInt: () => "bigint",
  Real: () => "real",
  DoublePrecision: () => "double precision",
  Decimal: (a) => (a.length ? `numeric(${a.join(",")})` : "numeric"),
  Boolean: () => "boolean",
  Bit: (a) => `bit(${a[0] ?? 1})`,
  VarBit: (a) => (a[0] ? `bit varying(${a[0]})` : "bit varying"),
  ByteA: () => "bytea",
  Date: () => "date",
  Timestamp: (a) => (a[0] ? `timestamp(${a[0]}) without time zone` : "timestamp without time zone"),
  Timestamptz: (a) => (a[0] ? `timestamp(${a[0]}) with time zone` : "timestamp with time zone"),
  Time: (a) => (a[0] ? `time(${a[0]}) without time zone` : "time without time zone"),
  Timetz: (a) => (a[0] ? `time(${a[0]}) with time zone` : "time with time zone"),
};

// Prisma's PostgreSQL default native type for each scalar.
const DEFAULT_NATIVE: Record<string, [string, string[]]> = {
  String: ["Text", []],
  Int: ["Integer", []],
  BigInt: ["BigInt", []],
  Float: ["DoublePrecision", []],
  Decimal: ["Decimal", ["65", "30"]],
  Boolean: ["Boolean", []],
  DateTime: ["Timestamp", ["3"]],
  Json: ["JsonB", []],
  Bytes: ["ByteA", []],
};

function enumDbName(e: DmmfEnum): string {
  return e.dbName ?? e.name;
}

function columnType(field: DmmfField, enums: Map<string, DmmfEnum>): string {
  let base: string;
  if (field.kind === "enum") {
    base = `enum ${enumDbName(enums.get(field.type)!)}`;
  } else {
    const [native, args] = field.nativeType ?? DEFAULT_NATIVE[field.type] ?? [field.type, []];
    base = TYPE_OF_NATIVE[native]?.(args) ?? `unknown native type ${native}`;
  }
  return field.isList ? `${base}[]` : base;
}

function defaultSpec(field: DmmfField, enums: Map<string, DmmfEnum>): DefaultSpec {
  if (!field.hasDefaultValue || field.isUpdatedAt) return { kind: "none" };
  const d = field.default;
  if (d && typeof d === "object" && !Array.isArray(d)) {
    const fn = (d as { name: string }).name;
    if (fn === "autoincrement" || fn === "sequence") return { kind: "sequence" };
    if (fn === "now") return { kind: "now" };
    // Generated by Prisma's client, not by the database.
    if (["uuid", "cuid", "nanoid", "ulid"].includes(fn)) return { kind: "none" };
    return { kind: "any" };
  }
  if (Array.isArray(d)) return { kind: "any" };
  if (field.kind === "enum") {
    const value = enums.get(field.type)?.values.find((v) => v.name === d);
    return { kind: "value", value: value?.dbName ?? String(d) };
  }
  return { kind: "value", value: String(d) };
}

/** FK names set with @relation(map: "..."): the DMMF does not carry them, the source does. */
function relationMapNames(schemaText: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const block of schemaText.matchAll(/^\s*model\s+(\w+)\s*\{([\s\S]*?)^\s*\}/gm)) {
    for (const line of block[2]!.split("\n")) {
      const field = /^\s*(\w+)\s+\w+/.exec(line)?.[1];
      const map = /@relation\([^)]*\bmap\s*:\s*"([^"]+)"/.exec(line)?.[1];
      if (field && map) names.set(`${block[1]}.${field}`, map);
    }
  }
  return names;
}

export function expectedShape(schemaText: string): SchemaShape {
  const dm = parseDatamodel(schemaText);
  const enums = new Map(dm.enums.map((e) => [e.name, e]));
  const models = new Map(dm.models.map((m) => [m.name, m]));
  const tableOf = (m: DmmfModel) => m.dbName ?? m.name;
  const columnOf = (m: DmmfModel, fieldName: string) => {
    const f = m.fields.find((x) => x.name === fieldName);
    return f?.dbName ?? fieldName;
  };
  const fkNames = relationMapNames(schemaText);

  const tables = dm.models.map((model): TableShape => {
    const table = tableOf(model);
    const columns = model.fields
      .filter((f) => f.kind === "scalar" || f.kind === "enum")
      .map((f) => ({
        name: f.dbName ?? f.name,
        type: columnType(f, enums),
        // Prisma never puts NOT NULL on list columns.
        nullable: f.isList || !f.isRequired,
        default: defaultSpec(f, enums),
      }));

    const indexes = dm.indexes
      .filter((i) => i.model === model.name && i.type !== "fulltext")
      .map((i): IndexShape => {
        const cols = i.fields.map((f) => columnOf(model, f.name));
        const kind = i.type === "id" ? "primary" : i.type === "unique" ? "unique" : "index";
        const suffix = kind === "primary" ? "_pkey" : kind === "unique" ? "_key" : "_idx";
        return {
          name: i.dbName ?? prismaConstraintName(table, cols, suffix),
          columns: i.fields.map((f, n) => cols[n] + (f.sortOrder === "desc" ? " DESC" : "")),
          kind,
          method: (i.algorithm ?? "BTree").toLowerCase(),
        };
      });

    const foreignKeys = model.fields
      .filter((f) => f.kind === "object" && f.relationFromFields && f.relationFromFields.length > 0)
      .map((f): ForeignKeyShape => {
        const target = models.get(f.type)!;
        const from = f.relationFromFields!;
        const columnsFrom = from.map((n) => columnOf(model, n));
        const anyRequired = from.some((n) => model.fields.find((x) => x.name === n)?.isRequired);
        return {
          name: fkNames.get(`${model.name}.${f.name}`) ?? prismaConstraintName(table, columnsFrom, "_fkey"),
          columns: columnsFrom,
          referencedTable: tableOf(target),
          referencedColumns: (f.relationToFields ?? []).map((n) => columnOf(target, n)),
          // Prisma's defaults: Restrict when the relation is required, SetNull otherwise; Cascade on update.
          onDelete: f.relationOnDelete ?? (anyRequired ? "Restrict" : "SetNull"),
          onUpdate: f.relationOnUpdate ?? "Cascade",
        };
      });

    return { name: table, columns, indexes, foreignKeys };
  });

  return {
    tables,
    enums: dm.enums.map((e) => ({ name: enumDbName(e), values: e.values.map((v) => v.dbName ?? v.name) })),
  };
}

// ---------------------------------------------------------------------------------------------
// Actual: what the database has

const FK_ACTIONS: Record<string, string> = {
  a: "NoAction",
  r: "Restrict",
  c: "Cascade",
  n: "SetNull",
  d: "SetDefault",
};

/** Tables of other tools that live beside ours and are not part of schema.prisma. */
const IGNORED_TABLES = new Set(["_prisma_migrations"]);

export async function introspect(client: pg.Client): Promise<SchemaShape> {
  const columns = await client.query<{
    table: string;
    name: string;
    nullable: boolean;
    default: string | null;
    is_array: boolean;
    is_enum: boolean;
    elem_name: string;
    elem_type: string;
  }>(`
    SELECT c.relname AS table, a.attname AS name, NOT a.attnotnull AS nullable,
           pg_get_expr(d.adbin, d.adrelid) AS default,
           t.typcategory = 'A' AS is_array, et.typtype = 'e' AS is_enum,
           et.typname AS elem_name, format_type(et.oid, a.atttypmod) AS elem_type
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_type t ON t.oid = a.atttypid
      JOIN pg_type et ON et.oid = CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE t.oid END
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY c.relname, a.attnum`);

  const indexes = await client.query<{
    table: string;
    name: string;
    columns: string[];
    primary: boolean;
    unique: boolean;
    method: string;
    special: boolean;
  }>(`
    SELECT t.relname AS table, i.relname AS name, ix.indisprimary AS primary, ix.indisunique AS unique,
           am.amname AS method, (ix.indexprs IS NOT NULL OR ix.indpred IS NOT NULL) AS special,
           ARRAY(SELECT a.attname::text || CASE WHEN (o.opt & 1) = 1 THEN ' DESC' ELSE '' END
                   FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                   JOIN unnest(ix.indoption::int2[]) WITH ORDINALITY o(opt, ord) USING (ord)
                   JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                  ORDER BY ord) AS columns
      FROM pg_index ix
      JOIN pg_class i ON i.oid = ix.indexrelid
      JOIN pg_class t ON t.oid = ix.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      JOIN pg_am am ON am.oid = i.relam
     WHERE n.nspname = current_schema()
     ORDER BY t.relname, i.relname`);

  const fks = await client.query<{
    table: string;
    name: string;
    referenced_table: string;
    columns: string[];
    referenced_columns: string[];
    on_delete: string;
    on_update: string;
  }>(`
    SELECT t.relname AS table, con.conname AS name, rt.relname AS referenced_table,
           ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
           ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS referenced_columns,
           con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update
      FROM pg_constraint con
      JOIN pg_class t ON t.oid = con.conrelid
      JOIN pg_class rt ON rt.oid = con.confrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE con.contype = 'f' AND n.nspname = current_schema()
     ORDER BY t.relname, con.conname`);

  const enums = await client.query<{ name: string; values: string[] }>(`
    SELECT t.typname AS name, ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS values
      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE t.typtype = 'e' AND n.nspname = current_schema()
     ORDER BY t.typname`);

  const tables = new Map<string, TableShape>();
  const table = (name: string) => {
    let t = tables.get(name);
    if (!t) tables.set(name, (t = { name, columns: [], indexes: [], foreignKeys: [] }));
    return t;
  };
  for (const c of columns.rows) {
    if (IGNORED_TABLES.has(c.table)) continue;
    const base = c.is_enum ? `enum ${c.elem_name}` : c.elem_type;
    table(c.table).columns.push({
      name: c.name,
      type: c.is_array ? `${base}[]` : base,
      nullable: c.nullable,
      default: c.default,
    });
  }
  for (const i of indexes.rows) {
    if (IGNORED_TABLES.has(i.table)) continue;
    table(i.table).indexes.push({
      name: i.name,
      columns: i.columns,
      kind: i.primary ? "primary" : i.unique ? "unique" : "index",
      method: i.method,
      special: i.special,
    });
  }
  for (const f of fks.rows) {
    if (IGNORED_TABLES.has(f.table)) continue;
    table(f.table).foreignKeys.push({
      name: f.name,
      columns: f.columns,
      referencedTable: f.referenced_table,
      referencedColumns: f.referenced_columns,
      onDelete: FK_ACTIONS[f.on_delete] ?? f.on_delete,
      onUpdate: FK_ACTIONS[f.on_update] ?? f.on_update,
    });
  }
  return { tables: [...tables.values()], enums: enums.rows };
}

// ---------------------------------------------------------------------------------------------
// Comparison

/** A literal default as pg_get_expr() prints it, without casts and quotes: 'a''b'::text -> a'b. */
function literalOf(expr: string): string {
  let s = expr.trim();
  for (;;) {
    const cast = /^(.*)::[\w\s."[\]()]+$/s.exec(s);
    if (!cast) break;
    s = cast[1]!.trim();
  }
  if (s.startsWith("(") && s.endsWith(")")) s = s.slice(1, -1).trim();
  if (s.startsWith("'") && s.endsWith("'")) s = s.slice(1, -1).replace(/''/g, "'");
  return s;
}

function defaultProblem(spec: DefaultSpec, actual: string | null): string | null {
  const shown = actual === null ? "no default" : `default ${actual}`;
  switch (spec.kind) {
    case "none":
      return actual === null ? null : `has ${shown}, schema.prisma expects none`;
    case "any":
      return actual === null ? "has no default, schema.prisma expects one" : null;
    case "sequence":
      return actual && /^nextval\(/.test(actual) ? null : `has ${shown}, schema.prisma expects autoincrement()`;
    case "now":
      return actual && /^(CURRENT_TIMESTAMP|now\(\))$/i.test(actual)
        ? null
        : `has ${shown}, schema.prisma expects now()`;
    case "value":
      return actual !== null && literalOf(actual) === spec.value
        ? null
        : `has ${shown}, schema.prisma expects ${JSON.stringify(spec.value)}`;
  }
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Human-readable differences; empty when the database matches the schema. */
export function compareShapes(expected: SchemaShape, actual: SchemaShape): string[] {
  const problems: string[] = [];

  const actualEnums = new Map(actual.enums.map((e) => [e.name, e]));
  for (const e of expected.enums) {
    const got = actualEnums.get(e.name);
    if (!got) problems.push(`enum "${e.name}": missing in the database`);
    else if (!sameList(got.values, e.values)) {
      problems.push(
        `enum "${e.name}": values (${got.values.join(", ")}) in the database, schema.prisma has (${e.values.join(", ")})`,
      );
    }
    actualEnums.delete(e.name);
  }
  for (const name of actualEnums.keys()) problems.push(`enum "${name}": in the database but not in schema.prisma`);

  const actualTables = new Map(actual.tables.map((t) => [t.name, t]));
  for (const want of expected.tables) {
    const got = actualTables.get(want.name);
    actualTables.delete(want.name);
    if (!got) {
      problems.push(`table "${want.name}": missing in the database`);
      continue;
    }

    const cols = new Map(got.columns.map((c) => [c.name, c]));
    for (const c of want.columns) {
      const have = cols.get(c.name);
      cols.delete(c.name);
      const where = `column ${want.name}.${c.name}`;
      if (!have) {
        problems.push(`${where}: missing in the database`);
        continue;
      }
      if (have.type !== c.type)
        problems.push(`${where}: type ${have.type} in the database, schema.prisma expects ${c.type}`);
      if (have.nullable !== c.nullable) {
        problems.push(
          `${where}: ${have.nullable ? "nullable" : "NOT NULL"} in the database, schema.prisma expects ${c.nullable ? "nullable" : "NOT NULL"}`,
        );
      }
      const problem = defaultProblem(c.default as DefaultSpec, have.default as string | null);
      if (problem) problems.push(`${where}: ${problem}`);
    }
    for (const name of cols.keys())
      problems.push(`column ${want.name}.${name}: in the database but not in schema.prisma`);

    const idx = new Map(got.indexes.map((i) => [i.name, i]));
    for (const i of want.indexes) {
      const have = idx.get(i.name);
      idx.delete(i.name);
      const label = i.kind === "primary" ? "primary key" : i.kind === "unique" ? "unique index" : "index";
      const where = `${label} ${i.name} on ${want.name}(${i.columns.join(", ")})`;
      if (!have) {
        problems.push(`${where}: missing in the database`);
        continue;
      }
      if (have.kind !== i.kind) problems.push(`${where}: is a ${have.kind} in the database`);
      if (!sameList(have.columns, i.columns))
        problems.push(`${where}: covers (${have.columns.join(", ")}) in the database`);
      if (have.method !== i.method)
        problems.push(`${where}: uses ${have.method} in the database, schema.prisma expects ${i.method}`);
      if (have.special)
        problems.push(
          `${where}: has expressions or a WHERE clause in the database, which schema.prisma cannot express`,
        );
    }
    for (const i of idx.values()) {
      problems.push(
        `${i.kind === "primary" ? "primary key" : "index"} ${i.name} on ${want.name}(${i.columns.join(", ")}): in the database but not in schema.prisma`,
      );
    }

    const fks = new Map(got.foreignKeys.map((f) => [f.name, f]));
    for (const f of want.foreignKeys) {
      const have = fks.get(f.name);
      fks.delete(f.name);
      const where = `foreign key ${f.name} ${want.name}(${f.columns.join(", ")}) -> ${f.referencedTable}(${f.referencedColumns.join(", ")})`;
      if (!have) {
        problems.push(`${where}: missing in the database`);
        continue;
      }
      if (
        !sameList(have.columns, f.columns) ||
        have.referencedTable !== f.referencedTable ||
        !sameList(have.referencedColumns, f.referencedColumns)
      ) {
        problems.push(
          `${where}: is ${want.name}(${have.columns.join(", ")}) -> ${have.referencedTable}(${have.referencedColumns.join(", ")}) in the database`,
        );
      }
      if (have.onDelete !== f.onDelete)
        problems.push(`${where}: ON DELETE ${have.onDelete} in the database, schema.prisma expects ${f.onDelete}`);
      if (have.onUpdate !== f.onUpdate)
        problems.push(`${where}: ON UPDATE ${have.onUpdate} in the database, schema.prisma expects ${f.onUpdate}`);
    }
    for (const f of fks.values()) {
      problems.push(
        `foreign key ${f.name} on ${want.name}(${f.columns.join(", ")}): in the database but not in schema.prisma`,
      );
    }
  }
  for (const name of actualTables.keys()) problems.push(`table "${name}": in the database but not in schema.prisma`);

  return problems;
}

/** Differences between schema.prisma (or the given text) and the database at databaseUrl. */
export async function schemaDrift(
  databaseUrl: string,
  opts: { schemaPath?: string; schemaText?: string } = {},
): Promise<string[]> {
  const text = opts.schemaText ?? readFileSync(opts.schemaPath ?? DEFAULT_SCHEMA_PATH, "utf8");
  const expected = expectedShape(text);
  const client = await connect(databaseUrl);
  try {
    return compareShapes(expected, await introspect(client));
  } finally {
    await client.end();
  }
}
