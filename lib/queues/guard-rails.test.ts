import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { test } from "node:test";
import { ConfigError, parseConfig } from "@/lib/config";
import { boardRefusal, guardRailNotice, parseGuardRails, requiresApproval } from "@/lib/queues/guard-rails";

const PAYMENTS_RULE = {
  refuse: ["empty", "obliterate", "clean", "retry-all", "add", "update-data", "duplicate"],
  approve: ["discard"],
};

test("by default payments and its DLQ follow runbook 03; other queues have no guard-rails", () => {
  const { guardRails } = parseConfig({});
  assert.deepEqual(guardRails, { payments: PAYMENTS_RULE, "payments-dlq": PAYMENTS_RULE });
  assert.equal(requiresApproval(guardRails, "payments", "discard"), true);
  assert.equal(requiresApproval(guardRails, "payments", "retry"), false);
  assert.equal(requiresApproval(guardRails, "notifications", "discard"), false);
  assert.equal(boardRefusal(guardRails, "payments", ["retry"]), null, "a single retry stays allowed");
  assert.equal(boardRefusal(guardRails, "notifications", ["obliterate"]), null);
});

test("the default keeps only the queues that are monitored", () => {
  assert.deepEqual(parseConfig({ MONITORED_QUEUES: "emails:emails-dlq" }).guardRails, {});
  assert.deepEqual(Object.keys(parseConfig({ MONITORED_QUEUES: "payments" }).guardRails), ["payments"]);
});

test("a policy from QUEUE_GUARD_RAILS: refused and approval lists per queue, blanks trimmed, 'none' for nothing", () => {
  const cfg = parseConfig({
    QUEUE_GUARD_RAILS: " reports:refuse=obliterate+empty ; notifications:approve=discard:refuse=add+duplicate",
  });
  assert.deepEqual(cfg.guardRails, {
    reports: { refuse: ["obliterate", "empty"], approve: [] },
    notifications: { refuse: ["add", "duplicate"], approve: ["discard"] },
  });
  assert.deepEqual(parseConfig({ QUEUE_GUARD_RAILS: "none" }).guardRails, {});
  assert.deepEqual(
    parseConfig({ QUEUE_GUARD_RAILS: "" }).guardRails.payments,
    PAYMENTS_RULE,
    "empty is unset, like the other variables",
  );
});

test("bad policies stop the start-up with one line saying what is expected", () => {
  const cases: Array<[string, RegExp]> = [
    ["payments:refuse=nuke", /QUEUE_GUARD_RAILS: expected actions among pause, .*\(unknown "nuke" in payments\)/],
    ["payments:deny=empty", /refuse=a\+b or approve=a\+b/],
    ["payments", /at least one action for payments/],
    ["payments:refuse=empty;payments:refuse=clean", /each queue once/],
    ["payments:refuse=discard:approve=discard", /either refused or needing approval, not both \(discard/],
    ["payments:refuse=add", /add and duplicate together/],
    ["paymnets:refuse=empty", /queues from MONITORED_QUEUES or their DLQs \("paymnets" is not monitored\)/],
    [":refuse=empty", /a queue name before/],
  ];
  for (const [value, expected] of cases) {
    try {
      parseConfig({ QUEUE_GUARD_RAILS: value });
      assert.fail(`accepted ${value}`);
    } catch (err) {
      assert.ok(err instanceof ConfigError, String(err));
      assert.equal(err.problems.length, 1, err.message);
      assert.match(err.problems[0]!, expected);
      assert.match(err.problems[0]!, /^QUEUE_GUARD_RAILS: expected .*\(got ".*"\)$/);
    }
  }
  assert.throws(() => parseGuardRails("payments:refuse="), /refuse=a\+b/);
});

test("the server does not start on a bad policy: one line naming QUEUE_GUARD_RAILS", () => {
  const result = spawnSync(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: { ...process.env, QUEUE_GUARD_RAILS: "payments:refuse=obliterate+nuke" },
    encoding: "utf8",
    timeout: 30_000,
  });
  assert.equal(result.status, 1, result.stderr);
  assert.deepEqual(
    result.stderr
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.trim().split(":")[0]),
    ["QUEUE_GUARD_RAILS"],
    result.stderr,
  );
  assert.match(result.stderr, /unknown "nuke" in payments/);
});

test("refusals name the runbook rule in Portuguese; approval actions send the operator to the incident", () => {
  const rails = parseGuardRails("payments:refuse=obliterate+add+duplicate:approve=discard");
  assert.deepEqual(boardRefusal(rails, "payments", ["obliterate"]), {
    kind: "refused",
    queue: "payments",
    action: "obliterate",
    message: "Bloqueado na fila payments: o runbook 03 proíbe Obliterate nesta fila.",
  });
  assert.equal(
    boardRefusal(rails, "payments", ["add", "duplicate"])?.message,
    "Bloqueado na fila payments: o runbook 03 proíbe Add job nesta fila.",
  );
  const approval = boardRefusal(rails, "payments", ["discard"]);
  assert.equal(approval?.kind, "approval");
  assert.match(approval!.message, /runbook 03.*aprovação.*pelo incidente/);
  assert.match(
    guardRailNotice(rails, "payments")!,
    /bloqueado: Obliterate, Add job, Duplicate; só pelo incidente, com aprovação: Clean/,
  );
  assert.equal(guardRailNotice(rails, "reports"), null);
});

test("a queue named like an Object member is just a queue without guard-rails", () => {
  const rails = parseGuardRails("payments:refuse=empty+obliterate");
  for (const queue of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
    assert.equal(boardRefusal(rails, queue, ["remove-children", "empty"]), null, queue);
    assert.equal(requiresApproval(rails, queue, "discard"), false, queue);
    assert.equal(guardRailNotice(rails, queue), null, queue);
  }
  const odd = parseGuardRails("constructor:refuse=empty;__proto__:refuse=obliterate");
  assert.notEqual(boardRefusal(odd, "constructor", ["empty"]), null);
  assert.notEqual(boardRefusal(odd, "__proto__", ["obliterate"]), null);
  assert.equal(boardRefusal(odd, "payments", ["empty"]), null);
});
