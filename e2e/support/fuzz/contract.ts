import type fc from "fast-check";
import { z } from "zod";
import type { RouteContract } from "@/lib/http/contract";
import type { JsonLike } from "./json";
import type { FieldSpec } from "./shapes";

// The fuzz takes each endpoint's fields, their limits and which are optional from the route's
// contract (lib/http/contracts.ts, through zod's JSON Schema export) instead of copying them: a
// limit changed in a schema moves the "one past the limit" cases with it, and a field added to a
// contract without a generator here fails the fuzz at once.

interface PropertySchema {
  maxLength?: number;
  anyOf?: PropertySchema[];
}

interface ObjectSchema {
  properties?: Record<string, PropertySchema>;
  required?: string[];
}

function objectSchema(schema: z.ZodType): ObjectSchema {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as ObjectSchema;
}

function maxLength(property: PropertySchema): number | undefined {
  return property.maxLength ?? property.anyOf?.map(maxLength).find((n) => n !== undefined);
}

function sameKeys(what: string, declared: string[], generated: string[]): void {
  const missing = declared.filter((k) => !generated.includes(k));
  const extra = generated.filter((k) => !declared.includes(k));
  if (missing.length || extra.length)
    throw new Error(`${what}: the contract declares [${declared}], the fuzz generates [${generated}]`);
}

/** "METHOD /path" of a contract: the discovered route a fuzz entry covers. */
export function covers(contract: RouteContract): string {
  return `${contract.method} ${contract.path}`;
}

/** The body's fields as the contract declares them, each with the generator of its valid values. */
export function bodyFields(
  contract: RouteContract,
  valid: Record<string, fc.Arbitrary<JsonLike>>,
): Record<string, FieldSpec> {
  if (!contract.body) throw new Error(`${contract.method} ${contract.path} declares no JSON body`);
  const { properties = {}, required = [] } = objectSchema(contract.body);
  sameKeys(`${contract.method} ${contract.path} body`, Object.keys(properties), Object.keys(valid));
  return Object.fromEntries(
    Object.entries(valid).map(([name, arbitrary]) => [
      name,
      { valid: arbitrary, optional: !required.includes(name), maxLength: maxLength(properties[name]!) },
    ]),
  );
}

/** The query parameters the contract reads, each with the generator of its values. */
export function queryParams<T extends Record<string, fc.Arbitrary<string>>>(contract: RouteContract, values: T): T {
  const declared = contract.query
    ? Object.keys(objectSchema(contract.query).properties ?? {})
    : [...(contract.queryKeys ?? [])];
  sameKeys(`${contract.method} ${contract.path} query`, declared, Object.keys(values));
  return values;
}
