import { createHmac } from "node:crypto";
import fc from "fast-check";
import type { FuzzBody, Who } from "../client";
import type { FuzzContext } from "../context";
import { covers } from "../contract";
import { request, type FuzzEndpoint } from "../endpoint";
import { acceptedText, hostileHeaderValue, hostileText } from "../hostile";
import { hostileJson, type JsonLike } from "../json";
import { api } from "@/lib/http/contracts";
import { bodyAround, jsonObject } from "../shapes";

// Alert webhooks, with and without their credential: unsigned/forged deliveries must be refused
// before anything is parsed; signed ones reach the parsers and open or append to incidents (ids
// come from small pools, so repeats append instead of opening a new incident every time).

const WEBHOOK_MAX_BYTES = api.sentryWebhook.rawBody.maxBytes;
const anyone = fc.constantFrom<Who>("anonymous", "anonymous", "anonymous", "viewer", "admin", "forged-session");

const id = fc.oneof(fc.nat(12).map(String), fc.nat(12), hostileText(40));
const link = fc.oneof(
  fc.constantFrom(
    "https://sentry.example/alerts/77/",
    "javascript:window.__pwned=1",
    "data:text/html,<script>window.__pwned=1</script>",
    "//evil.example",
    "",
  ),
  hostileText(200),
);

const metricAlert = jsonObject({
  action: { valid: fc.constantFrom("critical", "warning", "resolved") },
  data: {
    valid: jsonObject({
      metric_alert: {
        valid: jsonObject({
          id: { valid: id, optional: true },
          identifier: { valid: id },
          title: { valid: hostileText(300), optional: true },
          alert_rule: {
            valid: jsonObject({
              id: { valid: id },
              name: { valid: fc.oneof(fc.constant("P95 > 750ms"), acceptedText(1, 200), hostileText(300)) },
              aggregate: { valid: hostileText(50), optional: true },
            }),
          },
        }),
      },
      description_title: { valid: fc.oneof(acceptedText(1, 300), hostileText(300)), optional: true },
      description_text: { valid: hostileText(3000), optional: true },
      web_url: { valid: link, optional: true },
    }),
  },
  installation: { valid: jsonObject({ uuid: { valid: hostileText(40) } }), optional: true },
});

const issueAlert = jsonObject({
  action: { valid: fc.oneof(fc.constant("triggered"), hostileText(20)) },
  data: {
    valid: jsonObject({
      event: {
        valid: jsonObject({
          issue_id: { valid: id },
          title: { valid: fc.oneof(acceptedText(1, 300), hostileText(300)) },
          level: { valid: fc.constantFrom("fatal", "error", "warning", "<b>x</b>"), optional: true },
          web_url: { valid: link, optional: true },
          issue_url: { valid: link, optional: true },
        }),
      },
      triggered_rule: { valid: hostileText(200), optional: true },
    }),
  },
});

const sentryResource = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom("metric_alert", "event_alert") },
  { weight: 2, arbitrary: fc.constantFrom("issue", "installation", "error", "") },
  { weight: 1, arbitrary: hostileHeaderValue(40) },
);

const sentryBody = bodyAround(fc.oneof(metricAlert, issueAlert), "alert", WEBHOOK_MAX_BYTES);

const sign = (body: FuzzBody, secret: string) =>
  createHmac("sha256", secret).update(Buffer.from(body.text, "utf8")).digest("hex");

function sentryRequests(ctx: FuzzContext, signed: boolean) {
  const headers = fc.record({
    resource: fc.option(sentryResource, { nil: undefined, freq: 8 }),
    requestId: fc.option(fc.oneof(fc.uuid().map(String), fc.constantFrom("req-1", "req-2"), hostileHeaderValue(200)), {
      nil: undefined,
    }),
    forged: fc.oneof(
      fc.constant(undefined),
      fc.constantFrom("", "sha256=abc", "0".repeat(64), "g".repeat(64)),
      hostileHeaderValue(70),
    ),
    mangle: fc.constantFrom("none", "none", "none", "upper", "flip", "spaces"),
  });
  return fc.tuple(sentryBody, headers, anyone).chain(([body, h, who]) => {
    const own: Record<string, string> = {};
    if (h.resource !== undefined) own["sentry-hook-resource"] = h.resource;
    if (h.requestId !== undefined) own["request-id"] = h.requestId;
    if (signed) {
      // Stamped now, as Sentry does: the portal refuses deliveries more than 5 minutes off.
      own["sentry-hook-timestamp"] = String(Math.floor(Date.now() / 1000));
      const good = sign(body, ctx.secrets.sentry);
      own["sentry-hook-signature"] =
        h.mangle === "upper"
          ? good.toUpperCase()
          : h.mangle === "flip"
            ? good.replace(/^./, (c) => (c === "a" ? "b" : "a"))
            : h.mangle === "spaces"
              ? ` ${good} `
              : good;
    } else if (h.forged !== undefined) {
      own["sentry-hook-signature"] = h.forged;
    }
    return request({
      method: "POST",
      path: fc.constant("/api/webhooks/sentry"),
      who: fc.constant(who),
      body: fc.constant(body),
      headers: fc.constant(own),
      baseUrl: ctx.baseUrl,
    });
  });
}

const labels: fc.Arbitrary<JsonLike> = jsonObject(
  {
    alertname: {
      valid: fc.oneof(
        fc.constantFrom("DeadLetterQueueNotEmpty", "PortalDown", "HighLatencyP95", "UnknownAlert"),
        hostileText(100),
      ),
    },
    severity: { valid: fc.constantFrom("critical", "page", "warning", "info", "<script>"), optional: true },
    queue: { valid: fc.oneof(fc.constantFrom("payments", "notifications"), hostileText(50)), optional: true },
    instance: { valid: hostileText(100), optional: true },
  },
  1,
);

const alert = jsonObject({
  status: { valid: fc.constantFrom("firing", "resolved") },
  labels: { valid: labels },
  annotations: {
    valid: jsonObject({
      summary: { valid: fc.oneof(acceptedText(1, 300), hostileText(300)), optional: true },
      description: { valid: hostileText(3000), optional: true },
    }),
    optional: true,
  },
  startsAt: {
    valid: fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      hostileText(40),
    ),
    optional: true,
  },
  generatorURL: { valid: link, optional: true },
  fingerprint: {
    valid: fc.oneof(
      fc.nat(15).map((n) => `fp-${n}`),
      hostileText(400),
    ),
    optional: true,
  },
});

const alertmanagerBody = bodyAround(
  jsonObject({
    version: { valid: fc.constant("4"), optional: true },
    status: { valid: fc.constantFrom("firing", "resolved") },
    groupKey: { valid: hostileText(200), optional: true },
    receiver: { valid: hostileText(50), optional: true },
    alerts: {
      valid: fc.oneof(
        { weight: 10, arbitrary: fc.array(alert, { minLength: 1, maxLength: 3 }) },
        { weight: 1, arbitrary: fc.array(hostileJson, { minLength: 0, maxLength: 102 }) },
      ),
    },
  }),
  "alert",
  WEBHOOK_MAX_BYTES,
);

function alertmanagerRequests(ctx: FuzzContext, withToken: boolean) {
  const authorization = withToken
    ? fc.oneof(
        { weight: 12, arbitrary: fc.constant(`Bearer ${ctx.secrets.alertmanager}`) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(`bearer ${ctx.secrets.alertmanager}`, `Bearer  ${ctx.secrets.alertmanager} `),
        },
      )
    : fc.oneof(
        fc.constant(undefined),
        fc.constantFrom(
          "",
          "Bearer",
          "Bearer ",
          `Basic ${Buffer.from("a:b").toString("base64")}`,
          `Bearer ${ctx.secrets.alertmanager}x`,
        ),
        hostileHeaderValue(80).map((v) => `Bearer ${v}`),
      );
  return fc.tuple(alertmanagerBody, authorization, anyone).chain(([body, auth, who]) =>
    request({
      method: "POST",
      path: fc.constant("/api/webhooks/alertmanager"),
      who: fc.constant(who),
      body: fc.constant(body),
      headers: fc.constant<Record<string, string>>(auth === undefined ? {} : { authorization: auth }),
      baseUrl: ctx.baseUrl,
    }),
  );
}

export function webhookEndpoints(): FuzzEndpoint[] {
  return [
    {
      name: "POST /api/webhooks/sentry (unsigned or forged)",
      covers: covers(api.sentryWebhook),
      requests: (ctx) => sentryRequests(ctx, false),
    },
    {
      name: "POST /api/webhooks/sentry (signed)",
      covers: covers(api.sentryWebhook),
      requests: (ctx) => sentryRequests(ctx, true),
    },
    {
      name: "POST /api/webhooks/alertmanager (no or wrong token)",
      covers: covers(api.alertmanagerWebhook),
      requests: (ctx) => alertmanagerRequests(ctx, false),
    },
    {
      name: "POST /api/webhooks/alertmanager (with token)",
      covers: covers(api.alertmanagerWebhook),
      requests: (ctx) => alertmanagerRequests(ctx, true),
    },
  ];
}
