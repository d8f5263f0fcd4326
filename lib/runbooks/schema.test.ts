import { test } from "node:test";
import assert from "node:assert/strict";
import { isIsoDate, runbookMetaSchema, validateMeta } from "./schema";

const alert = {
  title: "Alerta",
  summary: "Uma frase.",
  kind: "alert",
  severity: "P2",
  owner: "Operações",
  review: { every: "quarterly", last: "2026-11-20" },
  tags: ["filas"],
};

const checklist = { ...alert, kind: "checklist", severity: undefined, cadence: "daily", deadline: "10:00" };

function messages(raw: unknown): string[] {
  return validateMeta(raw).issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

test("a complete alert and a complete checklist are valid", () => {
  assert.deepEqual(messages(alert), []);
  assert.deepEqual(messages(checklist), []);
  const { meta } = validateMeta(alert);
  assert.equal(meta?.review.last, "2026-11-20");
  assert.deepEqual(meta?.triggers, [], "triggers default to an empty list");
});

test("severity is required for alerts and forbidden otherwise", () => {
  assert.match(messages({ ...alert, severity: undefined }).join("\n"), /severity: obrigatório para kind: alert/);
  assert.match(messages({ ...checklist, severity: "P1" }).join("\n"), /severity: só vale para kind: alert/);
});

test("cadence is required for checklists; cadence and deadline are checklist-only", () => {
  assert.match(messages({ ...checklist, cadence: undefined }).join("\n"), /cadence: obrigatório para kind: checklist/);
  assert.match(messages({ ...alert, cadence: "daily" }).join("\n"), /cadence: só vale para kind: checklist/);
  assert.match(messages({ ...alert, deadline: "10:00" }).join("\n"), /deadline: só vale para kind: checklist/);
  assert.match(messages({ ...checklist, deadline: "25:00" }).join("\n"), /deadline: horário inválido/);
});

test("cross-field rules are reported together with other mistakes", () => {
  const found = messages({
    ...alert,
    severity: undefined,
    sevrity: "P1",
    review: { every: "biweekly", last: "2026-02-30" },
  });
  assert.ok(
    found.some((m) => m.startsWith("severity: obrigatório")),
    found.join("\n"),
  );
  assert.ok(found.includes("sevrity: campo desconhecido"), found.join("\n"));
  assert.ok(
    found.some((m) => m.startsWith("review.every:")),
    found.join("\n"),
  );
  assert.ok(
    found.some((m) => m.startsWith("review.last: data inválida")),
    found.join("\n"),
  );
});

test("review.last accepts a YAML 1.1 Date and rejects impossible days", () => {
  assert.equal(
    validateMeta({ ...alert, review: { every: "yearly", last: new Date("2026-03-01T00:00:00Z") } }).meta?.review.last,
    "2026-03-01",
  );
  assert.equal(isIsoDate("2026-02-29"), false);
  assert.equal(isIsoDate("2028-02-29"), true);
  assert.equal(isIsoDate("2026-1-01"), false);
});

test("escalation levels must grow and their delays must not shrink", () => {
  const escalation = [
    { level: 1, who: "Plantão", channel: "#ops", after: 0 },
    { level: 1, who: "Engenharia", after: 30 },
    { level: 3, who: "Gerência", after: 15 },
  ];
  const found = messages({ ...alert, escalation });
  assert.ok(found.includes("escalation.1.level: níveis devem ser crescentes"), found.join("\n"));
  assert.ok(found.includes("escalation.2.after: after não pode ser menor que o do nível anterior"), found.join("\n"));
});

test("triggers accept only known sources", () => {
  assert.deepEqual(messages({ ...alert, triggers: [{ source: "sentry", match: "P95 > 750ms" }] }), []);
  assert.match(
    messages({ ...alert, triggers: [{ source: "pagerduty", match: "x" }] }).join("\n"),
    /triggers\.0\.source/,
  );
});

test("the exported zod schema applies the same cross-field rules", () => {
  assert.equal(runbookMetaSchema.safeParse(alert).success, true);
  assert.equal(runbookMetaSchema.safeParse({ ...alert, severity: undefined }).success, false);
});
