// Alert webhooks: Sentry signature verification over the raw body, Alertmanager bearer token,
// payload parsing (400 with a reason), rejections logged with their reason, and a verified
// delivery opening / deduping incidents in a real database, audited as the source.

import assert from "node:assert/strict";
import { after, before, beforeEach, describe, mock, test } from "node:test";
import type { Logger } from "pino";
import { ingestAlert } from "@/lib/incidents/alerts";
import { getIncident } from "@/lib/incidents/incidents";
import { peekSingleton } from "@/lib/runtime";
import {
  parseAlertmanager,
  parseJson,
  parseSentry,
  sentryDeliveryId,
  sentrySignature,
  verifyBearer,
  verifySentrySignature,
  verifySentryTimestamp,
} from "@/lib/incidents/webhooks";
import { api } from "@/lib/http/contracts";
import { BadRequestError, UnauthorizedError, type HttpError } from "@/lib/http/errors";
import { route } from "@/lib/http/route";
import { createIncidentFixture, type IncidentFixture } from "./incidents-fixture";

const SECRET = "sentry-client-secret-for-tests";

const metricAlertBody = (action = "critical", identifier = 42) => ({
  action,
  installation: { uuid: "0f1e2d3c" },
  data: {
    metric_alert: {
      id: "9001",
      identifier,
      title: "P95 > 750ms",
      status: action === "resolved" ? 0 : 20,
      alert_rule: {
        id: 77,
        name: "P95 > 750ms",
        aggregate: "p95(span.duration)",
        dataset: "spans",
        query: "",
        time_window: 5,
      },
    },
    description_title: "Critical: P95 > 750ms on /api/checkout",
    description_text: "812 ms in the last 5 minutes",
    web_url: "https://sentry.io/organizations/acme/alerts/rules/details/77/",
  },
});

const issueAlertBody = {
  action: "triggered",
  data: {
    event: {
      issue_id: "5123",
      title: "TypeError: cannot read 'id'",
      level: "error",
      web_url: "https://sentry.io/issues/5123/events/abc/",
    },
    triggered_rule: "New critical issue",
  },
};

const reason = async (promise: () => unknown) => {
  try {
    promise();
  } catch (err) {
    return err as HttpError;
  }
  return null;
};

describe("Sentry signature", () => {
  const raw = JSON.stringify(metricAlertBody());
  test("accepts the HMAC-SHA256 hex of the raw body, in either case", () => {
    verifySentrySignature(raw, sentrySignature(raw, SECRET), SECRET);
    verifySentrySignature(Buffer.from(raw), sentrySignature(raw, SECRET).toUpperCase(), SECRET);
  });

  test("rejects missing, malformed, wrong-key and re-serialised-body signatures with 401 and a reason", async () => {
    const cases: Array<[string | null, string, RegExp]> = [
      [null, raw, /ausente/],
      ["abc", raw, /malformada/],
      [sentrySignature(raw, "other-secret"), raw, /inválida/],
      // Same JSON, different bytes: the raw body is what is signed.
      [sentrySignature(raw, SECRET), JSON.stringify(JSON.parse(raw), null, 2), /inválida/],
    ];
    for (const [header, body, message] of cases) {
      const err = await reason(() => verifySentrySignature(body, header, SECRET));
      assert.ok(err instanceof UnauthorizedError, `expected 401 for ${header}`);
      assert.match(err.message, message);
    }
  });

  test("without a configured secret nothing is accepted", async () => {
    const err = await reason(() => verifySentrySignature(raw, sentrySignature(raw, ""), undefined));
    assert.ok(err instanceof UnauthorizedError);
    assert.match(err.message, /não configurado/);
  });
});

describe("Alertmanager token", () => {
  test("Bearer <token> only", async () => {
    verifyBearer("Bearer s3cret-token", "s3cret-token");
    for (const header of [null, "s3cret-token", "Bearer wrong", "Basic czNjcmV0", "Bearer s3cret-token-longer"]) {
      assert.ok(
        (await reason(() => verifyBearer(header, "s3cret-token"))) instanceof UnauthorizedError,
        String(header),
      );
    }
    assert.ok((await reason(() => verifyBearer("Bearer x", undefined))) instanceof UnauthorizedError);
  });
});

describe("parsing", () => {
  test("a metric alert: fingerprint from rule + identifier, resolved action, delivery id", () => {
    const alert = parseSentry("metric_alert", metricAlertBody(), "req-1");
    assert.equal(alert?.fingerprint, "sentry:metric:77:42");
    assert.equal(alert?.status, "firing");
    assert.equal(alert?.title, "Critical: P95 > 750ms on /api/checkout");
    assert.equal(parseSentry("metric_alert", metricAlertBody("resolved"), null)?.status, "resolved");
  });

  test("an issue alert, and resources that are not alerts", () => {
    const alert = parseSentry("event_alert", issueAlertBody, null);
    assert.equal(alert?.fingerprint, "sentry:issue:5123");
    assert.deepEqual(alert?.matchText, ["New critical issue", "TypeError: cannot read 'id'"]);
    assert.equal(parseSentry("installation", { action: "created" }, null), null);
  });

  test("malformed bodies are 400 with the reason", async () => {
    assert.ok((await reason(() => parseJson("{nope"))) instanceof BadRequestError);
    assert.ok((await reason(() => parseJson(""))) instanceof BadRequestError);
    const bad = await reason(() => parseSentry("metric_alert", { action: "critical", data: {} }, null));
    assert.ok(bad instanceof BadRequestError);
    assert.ok(Array.isArray(bad.details) && bad.details.length > 0);
    assert.ok((await reason(() => parseSentry(null, metricAlertBody(), null))) instanceof BadRequestError);
    assert.ok((await reason(() => parseAlertmanager({ status: "firing", alerts: [] }))) instanceof BadRequestError);
    assert.ok(
      (await reason(() =>
        parseAlertmanager({ status: "firing", alerts: [{ status: "firing", labels: {} }] }),
      )) instanceof BadRequestError,
    );
  });

  test("Alertmanager: one alert per entry, fingerprint from Alertmanager's", () => {
    const alerts = parseAlertmanager({
      version: "4",
      status: "firing",
      alerts: [
        {
          status: "firing",
          labels: { alertname: "DeadLetterQueueNotEmpty", queue: "payments", severity: "warning" },
          annotations: { summary: "DLQ payments-dlq com 1 job" },
          fingerprint: "abc123",
        },
        { status: "resolved", labels: { alertname: "DeadLetterQueueNotEmpty", queue: "reports" }, annotations: {} },
      ],
    });
    assert.equal(alerts.length, 2);
    assert.equal(alerts[0]!.fingerprint, "alertmanager:abc123");
    assert.equal(alerts[0]!.title, "DLQ payments-dlq com 1 job");
    assert.equal(alerts[1]!.fingerprint, "alertmanager:alertname=DeadLetterQueueNotEmpty,queue=reports");
    assert.equal(alerts[1]!.status, "resolved");
  });
});

describe("rejections", () => {
  test("are answered with their reason and logged with it; a database outage is a 503 to deliver again", async () => {
    // The process logger is silent in tests: catch what the webhook glue hands to it.
    const base = peekSingleton<Logger>("logger");
    assert.ok(base, "the logger singleton exists once lib/observability/log is loaded");
    const lines: Array<{ fields: Record<string, unknown>; message: string }> = [];
    const child = mock.method(base, "child", () => ({
      warn: (fields: Record<string, unknown>, message: string) => lines.push({ fields, message }),
      info() {},
      error() {},
    }));
    try {
      const refused = await route({
        ...api.alertmanagerWebhook,
        handle: async () => {
          verifyBearer("Bearer nope", "right-token");
          return new Response("unreachable");
        },
      })(new Request("http://portal/api/webhooks/alertmanager", { method: "POST" }));
      assert.equal(refused.status, 401);
      assert.equal(((await refused.json()) as { error: string }).error, "Token inválido.");

      const malformed = await route({ ...api.sentryWebhook, handle: async () => Response.json(parseJson("{nope")) })(
        new Request("http://portal/api/webhooks/sentry", { method: "POST" }),
      );
      assert.equal(malformed.status, 400);

      // What Prisma's pg adapter throws when PostgreSQL cannot be reached.
      const outage = Object.assign(new Error("connect ECONNREFUSED"), { code: "P1001" });
      const down = await route({
        ...api.alertmanagerWebhook,
        handle: async () => {
          throw outage;
        },
      })(new Request("http://portal/api/webhooks/alertmanager", { method: "POST" }));
      assert.equal(down.status, 503);
      assert.ok(Number(down.headers.get("retry-after")) > 0);

      assert.deepEqual(
        lines.map((l) => [l.message, l.fields.source, l.fields.status, l.fields.reason]),
        [
          ["webhook rejected", "alertmanager", 401, "Token inválido."],
          ["webhook rejected", "sentry", 400, "O corpo não é JSON válido."],
          [
            "webhook rejected",
            "alertmanager",
            503,
            "Banco de dados indisponível no momento; nada foi salvo. Tente de novo em instantes.",
          ],
        ],
      );
    } finally {
      child.mock.restore();
    }
  });
});

describe("Sentry replays", () => {
  test("a delivery stamped more than 5 minutes from now, or not stamped, is refused with 401", () => {
    const now = Date.parse("2026-12-07T12:00:00Z");
    const seconds = now / 1000;
    for (const ok of [String(seconds), ` ${seconds - 299} `, String(seconds + 299), `${seconds}.123`, String(now)])
      verifySentryTimestamp(ok, now);
    for (const bad of [null, "", "0", String(seconds - 301), String(seconds + 301), "abc", "1e9", "-5", "NaN"]) {
      assert.throws(
        () => verifySentryTimestamp(bad, now),
        (err: unknown) => err instanceof UnauthorizedError && /Sentry-Hook-Timestamp/.test(err.message),
        String(bad),
      );
    }
  });
});

describe("verified deliveries against the database", () => {
  let fx: IncidentFixture;
  before(async () => {
    fx = await createIncidentFixture();
  });
  after(async () => {
    await fx?.close();
  });
  beforeEach(async () => {
    await fx.prisma.incident.deleteMany();
  });

  test("a signed metric alert opens an incident on runbook 02; a second identical one appends", async () => {
    const first = await ingestAlert(parseSentry("metric_alert", metricAlertBody(), "req-a")!, fx.deps());
    const second = await ingestAlert(parseSentry("metric_alert", metricAlertBody(), "req-b")!, fx.deps());
    assert.equal(first.outcome, "opened");
    assert.equal(first.runbookSlug, "02-alerta-performance-degradada");
    assert.equal(second.outcome, "appended");
    assert.equal(await fx.prisma.incident.count(), 1);
    const view = await getIncident(first.incidentId!, fx.deps());
    assert.equal(view.timeline.length, 2);
  });

  test("a signed body sent again is recognised by its hash, whatever Request-ID came with it", async () => {
    const raw = JSON.stringify(metricAlertBody("critical", 7));
    const deliver = (body: string) =>
      ingestAlert(parseSentry("metric_alert", JSON.parse(body), sentryDeliveryId(body))!, fx.deps());
    const first = await deliver(raw);
    assert.equal(first.outcome, "opened");
    assert.equal((await deliver(raw)).outcome, "replayed");
    assert.equal(sentryDeliveryId(Buffer.from(raw)), sentryDeliveryId(raw));
    const news = metricAlertBody("critical", 7);
    news.data.description_text = "903 ms in the last 5 minutes";
    assert.equal((await deliver(JSON.stringify(news))).outcome, "appended");
    assert.equal((await getIncident(first.incidentId!, fx.deps())).timeline.length, 2);
  });

  test("each accepted delivery that changes something is audited as its source: webhook.<outcome> on the incident", async () => {
    await fx.prisma.auditEvent.deleteMany();
    const opened = await ingestAlert(parseSentry("metric_alert", metricAlertBody(), "req-1")!, fx.deps());
    await ingestAlert(parseSentry("metric_alert", metricAlertBody(), "req-2")!, fx.deps());
    await ingestAlert(parseSentry("metric_alert", metricAlertBody("resolved"), "req-3")!, fx.deps());
    // A redelivery and a "resolved" for nothing open change nothing: logged, not audited.
    assert.equal(
      (await ingestAlert(parseSentry("metric_alert", metricAlertBody(), "req-2")!, fx.deps())).outcome,
      "replayed",
    );
    assert.equal(
      (await ingestAlert(parseSentry("metric_alert", metricAlertBody("resolved", 99), "req-4")!, fx.deps())).outcome,
      "ignored",
    );

    const audit = await fx.prisma.auditEvent.findMany({ orderBy: { id: "asc" } });
    assert.deepEqual(
      audit.map((a) => [
        a.actorLabel,
        a.actorId,
        a.action,
        a.targetType,
        a.targetId,
        (a.data as { outcome: string; deliveryId: string }).outcome,
        (a.data as { deliveryId: string }).deliveryId,
      ]),
      [
        ["webhook:sentry", null, "webhook.opened", "incident", opened.incidentId, "opened", "req-1"],
        ["webhook:sentry", null, "webhook.appended", "incident", opened.incidentId, "appended", "req-2"],
        [
          "webhook:sentry",
          null,
          "webhook.resolved-recorded",
          "incident",
          opened.incidentId,
          "resolved-recorded",
          "req-3",
        ],
      ],
    );
    assert.equal((audit[0]!.data as { runbookSlug: string }).runbookSlug, "02-alerta-performance-degradada");
  });

  test("text PostgreSQL cannot store (NUL, a lone surrogate) is replaced, and the alert still opens its incident", async () => {
    const raw = JSON.stringify({
      status: "firing",
      alerts: [
        {
          status: "firing",
          labels: { alertname: "Disco\u0000cheio", "k\u0000": "\ud800" },
          annotations: { summary: "Disco \u0000 \udfff cheio" },
        },
      ],
    });
    const [alert] = parseAlertmanager(parseJson(raw));
    const r = await ingestAlert(alert!, fx.deps());
    assert.equal(r.outcome, "opened");
    const view = await getIncident(r.incidentId!, fx.deps());
    assert.equal(view.title, "Disco \ufffd \ufffd cheio");
  });

  test("Alertmanager DeadLetterQueueNotEmpty opens an incident on runbook 03", async () => {
    const [alert] = parseAlertmanager({
      status: "firing",
      alerts: [
        { status: "firing", labels: { alertname: "DeadLetterQueueNotEmpty", queue: "payments" }, annotations: {} },
      ],
    });
    const r = await ingestAlert(alert!, fx.deps());
    assert.equal(r.runbookSlug, "03-alerta-job-na-dlq");
  });
});
