import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { contract } from "@/lib/http/contract";
import { BadRequestError, ConflictError, ForbiddenError } from "@/lib/http/errors";
import { admit, route } from "@/lib/http/route";

const open = contract({ method: "POST", path: "/api/things/[id]", permission: "public", summary: "test" });
type ErrorJson = { error: string; code: string; details: unknown[] };
const post = (headers: Record<string, string> = {}, body?: string) =>
  new Request("http://portal/api/things/1", { method: "POST", headers, body });

test("an unreachable database is a 503 with Retry-After: the client keeps the tick and retries", async () => {
  const unreachable = Object.assign(new Error("Can't reach database server"), {
    code: "P1001",
    meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } },
  });
  assert.equal(isDatabaseUnavailable(unreachable), true);
  const response = await route({
    ...open,
    handle: async () => {
      throw unreachable;
    },
  })(post());
  assert.equal(response.status, 503);
  assert.equal(response.headers.get("retry-after"), "2");
});

test("other errors keep their mapping", async () => {
  const response = await route({
    ...open,
    handle: async () => {
      throw new BadRequestError("não");
    },
  })(post());
  assert.equal(response.status, 400);
  assert.equal(isDatabaseUnavailable(new Error("x")), false);
});

test("an unreachable database is recognised through wrappers (better-auth wraps the adapter's error as cause)", () => {
  const adapterError = Object.assign(new Error("connect ECONNREFUSED"), {
    meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } },
  });
  const wrapped = new Error("Failed to get session", { cause: adapterError });
  assert.equal(isDatabaseUnavailable(wrapped), true);
  assert.equal(isDatabaseUnavailable(new Error("Failed to get session", { cause: new Error("bug") })), false);
});

test("a coded error answers its code and params, in Portuguese by default and in English when the locale cookie asks", async () => {
  const handler = route({
    ...open,
    handle: async () => {
      throw new ConflictError({ code: "incidents.alreadyCommander", params: { name: "Ana" } });
    },
  });
  const pt = await handler(post());
  assert.equal(pt.status, 409);
  assert.deepEqual(await pt.json(), {
    error: "Ana já é o comandante.",
    code: "incidents.alreadyCommander",
    params: { name: "Ana" },
  });
  const en = await handler(post({ cookie: "theme=dark; locale=en" }));
  assert.deepEqual(await en.json(), {
    error: "Ana is already the commander.",
    code: "incidents.alreadyCommander",
    params: { name: "Ana" },
  });
  const unknown = await handler(post({ cookie: "locale=fr" }));
  assert.equal(((await unknown.json()) as { error: string }).error, "Ana já é o comandante.");
});

test("the wrapper's own refusals are translated too; a literal message stays as written", async () => {
  const strict = route({
    ...open,
    body: z.strictObject({ n: z.number() }),
    handle: async ({ body }) => ({ doubled: body.n * 2 }),
  });
  const ok = await strict(post({ "content-type": "application/json" }, JSON.stringify({ n: 2 })));
  assert.deepEqual([ok.status, ok.headers.get("cache-control"), await ok.json()], [200, "no-store", { doubled: 4 }]);
  const notJson = await strict(post({ cookie: "locale=en" }, "{nope"));
  assert.equal(notJson.status, 400);
  assert.equal(((await notJson.json()) as { error: string }).error, "The request body is not valid JSON.");
  const invalidResponse = await strict(post({ cookie: "locale=en" }, JSON.stringify({ n: "2" })));
  const invalid = (await invalidResponse.json()) as ErrorJson;
  assert.deepEqual([invalid.error, invalid.code, invalid.details.length], ["Invalid data.", "invalidInput", 1]);
  const literal = await route({
    ...open,
    handle: async () => {
      throw new BadRequestError("Corpo vazio.");
    },
  })(post({ cookie: "locale=en" }));
  assert.deepEqual(await literal.json(), { error: "Corpo vazio.", code: "badRequest" });
});

test("declared params are checked before the handler runs; a refused value is a 400 and the handler never sees it", async () => {
  let calls = 0;
  const handler = route({
    ...open,
    params: z.object({ id: z.uuid() }),
    handle: async ({ params }) => {
      calls++;
      return { id: params.id };
    },
  });
  const refused = await handler(post(), { params: Promise.resolve({ id: "1" }) });
  assert.equal(refused.status, 400);
  assert.equal(calls, 0);
  const id = "00000000-0000-4000-8000-000000000000";
  assert.deepEqual(await (await handler(post(), { params: Promise.resolve({ id }) })).json(), { id });
});

test("admit: a role without the contract's permission is refused, as the route would with 403", () => {
  const tick = contract({
    method: "POST",
    path: "/api/x",
    permission: "checklists:tick",
    body: z.object({ a: z.string() }),
    summary: "test",
  });
  assert.throws(() => admit(tick, { role: "viewer" }, { body: { a: "x" } }), ForbiddenError);
  assert.deepEqual(admit(tick, { role: "operator" }, { body: { a: "x" } }).body, { a: "x" });
});
