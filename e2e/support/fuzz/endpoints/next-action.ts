import fc from "fast-check";
import { ROUTE_ACCESS } from "@/lib/auth/route-access";
import { multipart, type FuzzBody, type Who } from "../client";
import { request, type FuzzEndpoint } from "../endpoint";
import { hostileHeaderValue, hostileText, sizedText } from "../hostile";
import { deepNesting, shallowHostileJson, toJsonText } from "../json";
import { discoverAppRoutes } from "../../discover";

// The portal has no server actions (docs/adr/0004-no-server-actions.md), yet Next.js reads every
// POST to a page that looks like a call to one: a Next-Action header (React's fetch protocol) or a
// multipart body (the no-JavaScript form post with its $ACTION_* fields). While the portal had an
// action, a body Next could not decode was a 500 (vercel/next.js#86945); without one, Next refuses
// them in plain text but logs a stack trace for each. The portal now refuses any method but
// GET/HEAD on a page itself (lib/server/page-methods.ts, 405 after the session check). This entry
// keeps every page to a 4xx that says so: ids no build has, envelopes React never produces,
// nesting that would exhaust a decoder.

/** Covered key for this entry: Next's action protocol, which every page answers. */
export const NEXT_ACTION_COVERS = "POST <page> (Next-Action)";

/** Ids as Next.js tells them apart: 42 hex characters look like a server reference, anything else is malformed. */
const actionId = fc.oneof(
  fc.constantFrom("00" + "f".repeat(40), "7f" + "0".repeat(40)),
  fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 42, maxLength: 42 }),
  fc.constantFrom("", "nao-existe", "$ACTION_ID", "0".repeat(4000)),
  hostileHeaderValue(60),
);

type Field = readonly [string, string, string?];

/** Form fields as a role form would send them, or hostile ones. */
const fields: fc.Arbitrary<Field[]> = fc.array(
  fc.oneof(
    fc
      .tuple(fc.constantFrom("userId", "role", "0", "1"), fc.oneof(hostileText(200), sizedText(100_000)))
      .map(([k, v]): Field => [k, v]),
    fc.tuple(hostileText(30), hostileText(100)).map(([k, v]): Field => [k, v]),
    hostileText(50).map((v): Field => ["file", v, "evil.html"]),
  ),
  { maxLength: 3 },
);

/** The previous state React passes back (any JSON; strings starting with "$" escaped as React does). */
const prevState = fc
  .oneof(fc.constant("null"), shallowHostileJson.map(toJsonText))
  .map((json) => json.replace(/"\$/g, '"$$$$'));

/** What the header-less, multipart (no-JavaScript form) protocol sends. */
function formBodies(id: string): fc.Arbitrary<FuzzBody> {
  return fc.oneof(
    fc
      .tuple(prevState, fields)
      .map(([prev, more]) =>
        multipart(
          [
            ["$ACTION_REF_1", ""],
            ["$ACTION_1:0", JSON.stringify({ id, bound: "$@1" })],
            ["$ACTION_1:1", `[${prev}]`],
            ["$ACTION_KEY", "k0fuzz"],
            ...more,
          ],
          "form-action",
        ),
      ),
    fields.map((more) => multipart([[`$ACTION_ID_${id}`, ""], ...more], "form-action")),
    fc.constant(
      multipart(
        [
          ["$ACTION_REF_1", ""],
          ["$ACTION_1:0", `{"id":"${id}","bound":"$@1"`],
          ["$ACTION_1:1", "[null]"],
        ],
        "envelope-corrupt",
      ),
    ),
    fc.constantFrom(3000, 20_000).map((depth) =>
      multipart(
        [
          ["$ACTION_REF_1", ""],
          ["$ACTION_1:0", JSON.stringify({ id, bound: "$@1" })],
          ["$ACTION_1:1", `[${toJsonText(deepNesting(depth, "array"))}]`],
        ],
        "envelope-corrupt",
      ),
    ),
    // An ordinary multipart form post (no $ACTION_ field at all): Next still takes it for an action.
    fields.map((more) => multipart(more, "plain-form")),
  );
}

/** What the fetch protocol (with a Next-Action header) sends: React's reply encoding, or junk. */
const fetchBodies: fc.Arbitrary<FuzzBody | null> = fc.oneof(
  fc
    .tuple(prevState, fields)
    .map(([prev, more]) =>
      multipart([["0", `[${prev},"$K1"]`], ...more.map(([k, v, f]): Field => [`_1_${k}`, v, f])], "fetch-action"),
    ),
  fc
    .constantFrom(
      "[]",
      "[null]",
      '[null,"texto"]',
      '["$K1","$K1"]',
      '[null,"$K1"',
      "",
      "{}",
      '[null,"$@9"]',
      '[{"$Q":1},"$K1"]',
      '[null,"$Q1"]',
    )
    .map((zero) => multipart([["0", zero]], "envelope-corrupt")),
  fc
    .constantFrom(3000, 20_000)
    .map((depth) => multipart([["0", `[${toJsonText(deepNesting(depth, "array"))},"$K1"]`]], "envelope-corrupt")),
  fc
    .oneof(hostileText(100), fc.constant("[null]"))
    .map((text) => ({ text, contentType: "text/plain;charset=UTF-8", variant: "envelope-corrupt" })),
  hostileText(100).map((text) => ({ text, contentType: "application/x-www-form-urlencoded", variant: "urlencoded" })),
  fc.constant(null),
);

/** Every page, with its parameters filled in as the access matrix does. */
function pagePaths(): string[] {
  return discoverAppRoutes()
    .filter((r) => r.kind === "page")
    .map(
      (page) =>
        ROUTE_ACCESS.find((rule) => rule.method === "GET" && rule.pattern === page.pattern)?.sample ?? page.pattern,
    );
}

export function nextActionEndpoints(): FuzzEndpoint[] {
  return [
    {
      name: "POST <page> with Next-Action",
      covers: NEXT_ACTION_COVERS,
      htmlErrors: true,
      requests: (ctx) => {
        const viaFetch = fc
          .tuple(actionId, fetchBodies)
          .map(([id, body]) => ({ body, headers: { "next-action": id, accept: "text/x-component" } }));
        const viaForm = actionId
          .chain((id) => formBodies(id))
          .map((body) => ({ body, headers: { accept: "text/html" } }));
        return fc.oneof(viaFetch, viaForm).chain(({ body, headers }) =>
          request({
            method: "POST",
            path: fc.constantFrom(...pagePaths()),
            who: fc.oneof(
              { weight: 6, arbitrary: fc.constant<Who>("admin") },
              {
                weight: 4,
                arbitrary: fc.constantFrom<Who>("anonymous", "forged-session", "viewer", "operator", "manager"),
              },
            ),
            body: fc.constant(body),
            headers: fc.constant(headers),
            baseUrl: ctx.baseUrl,
          }),
        );
      },
    },
  ];
}
