import fc from "fast-check";
import { ROLES } from "@/lib/auth/permissions";
import { multipart, type FuzzBody, type Who } from "../client";
import type { FuzzContext } from "../context";
import type { DiscoveredAction } from "../../discover";
import { request, type FuzzEndpoint } from "../endpoint";
import { hostileText, sizedText } from "../hostile";
import { deepNesting, shallowHostileJson, toJsonText } from "../json";

// Server actions are public POST endpoints: anyone can call one with any arguments. They are
// driven the two ways React sends them — the fetch protocol (Next-Action header, arguments
// encoded by React's encodeReply) and the no-JavaScript form post (the hidden $ACTION_* fields
// the page renders) — with hostile field values, wrong argument lists, and envelopes React itself
// could never produce (for those, a 500 is Next.js's, not ours: see TOLERATED below).

/** The form fields each server action reads, with values it should accept. */
const FORM_FIELDS: Record<string, (ctx: FuzzContext) => Record<string, fc.Arbitrary<string>>> = {
  "app/admin/users/actions.ts#changeUserRole": (ctx) => ({
    // Throw-away accounts and the admin's own id (self-demotion guard); never a demo account.
    userId: fc.constantFrom(...ctx.targets.map((u) => u.id), ctx.users.admin.id, ctx.disabledUser.id),
    role: fc.constantFrom(...ROLES),
  }),
};

const TOLERATED =
  "Next.js answers 500 when it cannot decode a Server Action body, before the action runs (vercel/next.js#86945; fixes proposed in #90109 and #98105)";

const formValue = (valid: fc.Arbitrary<string>) => fc.oneof({ weight: 5, arbitrary: valid }, { weight: 3, arbitrary: hostileText(200) }, { weight: 1, arbitrary: sizedText(100_000) });

/** The previous state React passes back (any JSON; strings starting with "$" escaped as React does). */
const prevState = fc.oneof(fc.constant("null"), fc.constant('{"ok":false,"message":"x"}'), shallowHostileJson.map(toJsonText)).map((json) => json.replace(/"\$/g, '"$$$$'));

type Field = readonly [string, string, string?];

function fieldsArbitrary(fields: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<Field[]> {
  const each = Object.entries(fields).map(([name, valid]) =>
    fc.oneof(
      { weight: 8, arbitrary: formValue(valid).map((v): Field[] => [[name, v]]) },
      { weight: 1, arbitrary: fc.constant<Field[]>([]) },
      { weight: 1, arbitrary: fc.tuple(valid, hostileText(50)).map(([a, b]): Field[] => [[name, a], [name, b]]) },
      { weight: 1, arbitrary: valid.map((v): Field[] => [[name, v, "evil.html"]]) },
    ),
  );
  const extra = fc.array(fc.tuple(hostileText(30), hostileText(100)).map(([k, v]): Field => [k.replace(/^\$/, "x"), v]), { maxLength: 2 });
  return fc.tuple(fc.tuple(...each), extra).map(([parts, more]) => [...parts.flat(), ...more]);
}

function actionBodies(actionId: string, fields: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<{ body: FuzzBody; fetch: boolean }> {
  const form = fieldsArbitrary(fields);
  const viaFetch = fc.tuple(prevState, form).map(([prev, parts]) => ({ fetch: true, body: multipart([["0", `[${prev},"$K1"]`], ...parts.map(([k, v, f]): Field => [`_1_${k}`, v, f])], "fetch") }));
  const viaForm = fc.tuple(prevState, form).map(([prev, parts]) => ({
    fetch: false,
    body: multipart([["$ACTION_REF_1", ""], ["$ACTION_1:0", JSON.stringify({ id: actionId, bound: "$@1" })], ["$ACTION_1:1", `[${prev}]`], ["$ACTION_KEY", "k0fuzz"], ...parts], "mpa"),
  }));
  // Well-formed envelopes that call the action with other arguments than its form passes.
  const wrongArgs = fc.oneof(
    form.map((parts) => ({ fetch: true, body: multipart([["0", '["$K1"]'], ...parts.map(([k, v]): Field => [`_1_${k}`, v])], "wrong-args") })),
    fc.constantFrom("[]", "[null]", "[null,null]", '[null,"texto"]', '[null,{"userId":"x"}]', "[null,42]", '[null,[1,2]]', '["$K1","$K1"]').map((args) => ({ fetch: true, body: multipart([["0", args]], "wrong-args") })),
    form.map((parts) => ({ fetch: false, body: multipart([[`$ACTION_ID_${actionId}`, ""], ...parts], "wrong-args") })),
    fc.constantFrom("[]", "[null,null]", '["$K1"]').map((args) => ({ fetch: true, body: { text: args, contentType: "text/plain;charset=UTF-8", variant: "wrong-args" } })),
  );
  // Envelopes React never produces: Next.js fails to decode them (tolerated, see TOLERATED).
  const corrupt = fc.oneof(
    fc.constantFrom('[null,"$K1"', "", "{}", '[null,"$@9"]', '[{"$Q":1},"$K1"]', "[null,\"$Q1\"]").map((zero) => ({ fetch: true, body: multipart([["0", zero]], "envelope-corrupt") })),
    fc.constant({ fetch: true, body: multipart([["_1_userId", "x"]], "envelope-corrupt") }),
    hostileText(100).map((text) => ({ fetch: true, body: { text, contentType: "text/plain;charset=UTF-8", variant: "envelope-corrupt" } })),
    fc.constant({ fetch: false, body: multipart([["$ACTION_REF_1", ""], ["$ACTION_1:0", `{"id":"${actionId}","bound":"$@1"`], ["$ACTION_1:1", "[null]"]], "envelope-corrupt") }),
    // Nesting no client encodes: React's reply decoder recurses and runs out of stack.
    fc.constantFrom(3000, 20_000).map((depth) => ({ fetch: false, body: multipart([["$ACTION_REF_1", ""], ["$ACTION_1:0", JSON.stringify({ id: actionId, bound: "$@1" })], ["$ACTION_1:1", `[${toJsonText(deepNesting(depth, "array"))}]`]], "envelope-corrupt") })),
    fc.constantFrom(3000, 20_000).map((depth) => ({ fetch: true, body: multipart([["0", `[${toJsonText(deepNesting(depth, "array"))},"$K1"]`]], "envelope-corrupt") })),
  );
  // Ids no build has: Next.js refuses them itself with a 400 in plain text.
  const unknown = fc.constantFrom("00" + "f".repeat(40), "nao-existe").map((id) => ({ fetch: true, body: multipart([["0", '[null,"$K1"]']], `unknown-action:${id}`) }));
  // Corrupt and unknown envelopes are rare: Next.js logs each one (a stack trace) on the server.
  return fc.oneof({ weight: 12, arbitrary: viaFetch }, { weight: 8, arbitrary: viaForm }, { weight: 4, arbitrary: wrongArgs }, { weight: 1, arbitrary: corrupt }, { weight: 1, arbitrary: unknown });
}

export function actionEndpoints(discovered: DiscoveredAction[]): FuzzEndpoint[] {
  return discovered
    .filter((a) => FORM_FIELDS[`${a.file}#${a.exportedName}`])
    .map((a) => {
      const key = `${a.file}#${a.exportedName}`;
      return {
        name: `action ${key}`,
        covers: `action ${key}`,
        htmlErrors: true,
        plainTextErrors: /^(Invalid Server Action request\.|Server Action unavailable\.|Server action not found\.)$/,
        tolerated5xx: (req) => (req.body?.variant === "envelope-corrupt" ? TOLERATED : null),
        requests: (ctx: FuzzContext) => {
          const action = ctx.actionIds.get(key);
          if (!action) throw new Error(`no id for server action ${key} in .next/server/server-reference-manifest.json (build first)`);
          return actionBodies(action.id, FORM_FIELDS[key]!(ctx)).chain(({ body, fetch }) => {
            const unknownId = body.variant.startsWith("unknown-action:") ? body.variant.slice("unknown-action:".length) : null;
            const headers: Record<string, string> = fetch ? { "next-action": unknownId ?? action.id, accept: "text/x-component" } : { accept: "text/html" };
            return request({
              method: "POST",
              path: fc.constant(action.pagePath),
              who: fc.oneof({ weight: 8, arbitrary: fc.constant<Who>("admin") }, { weight: 2, arbitrary: fc.constantFrom<Who>("anonymous", "forged-session", ...ROLES) }),
              body: fc.constant(body),
              headers: fc.constant(headers),
              baseUrl: ctx.baseUrl,
            });
          });
        },
      };
    });
}
