import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { loadAlertRules } from "@/lib/runbooks/alert-rules";

// The shipped alerting configuration through Debian's own tools (installed by
// scripts/ensure-system.mjs test): promtool checks and unit-tests the rules, amtool the
// Alertmanager configuration.

const ROOT = join(import.meta.dirname, "../..");
const ALERTING = join(ROOT, "deploy/alerting");
const RULE_FILES = readdirSync(join(ALERTING, "rules"))
  .filter((n) => /\.ya?ml$/.test(n))
  .map((n) => join(ALERTING, "rules", n));
const TEST_FILES = readdirSync(join(ALERTING, "tests"))
  .filter((n) => /\.ya?ml$/.test(n))
  .map((n) => join(ALERTING, "tests", n));

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: "utf8" });
  assert.ifError(result.error);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test("promtool check rules accepts every rule file", () => {
  assert.ok(RULE_FILES.length > 0);
  const { status, output } = run("promtool", ["check", "rules", ...RULE_FILES]);
  assert.equal(status, 0, output);
  assert.match(output, /SUCCESS: \d+ rules found/);
});

test("promtool test rules passes every unit test file", () => {
  assert.ok(TEST_FILES.length > 0);
  const { status, output } = run("promtool", ["test", "rules", ...TEST_FILES]);
  assert.equal(status, 0, output);
  assert.doesNotMatch(output, /FAILED/);
});

test("every shipped alert has a promtool unit test that expects it to fire", () => {
  const tested = new Set<string>();
  for (const file of TEST_FILES) {
    const doc = parse(readFileSync(file, "utf8")) as {
      tests?: { alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[];
    };
    for (const t of doc.tests ?? [])
      for (const a of t.alert_rule_test ?? []) if ((a.exp_alerts ?? []).length > 0) tested.add(a.alertname);
  }
  const alerts = RULE_FILES.flatMap((file) =>
    loadAlertRules(join(file, ".."))
      .rules.filter((r) => r.file === file)
      .map((r) => r.name),
  );
  assert.ok(alerts.length >= 8, alerts.join(", "));
  assert.deepEqual(
    alerts.filter((name) => !tested.has(name)),
    [],
    "alerts without a firing test",
  );
});

test("the Prometheus and Alertmanager configurations are valid", () => {
  const prometheus = run("promtool", ["check", "config", "--syntax-only", join(ALERTING, "prometheus.yml")]);
  assert.equal(prometheus.status, 0, prometheus.output);
  const alertmanager = run("amtool", ["check-config", join(ALERTING, "alertmanager.yml")]);
  assert.equal(alertmanager.status, 0, alertmanager.output);
  assert.match(alertmanager.output, /SUCCESS/);
});
