import assert from "node:assert/strict";
import { test } from "node:test";
import type { Event } from "@sentry/nextjs";
import { CLIENT_IP_HEADER } from "@/lib/auth/auth";
import { FORWARDED_USER_HEADER } from "@/lib/auth/forwarded-user";
import { PRIVATE_HEADERS, redactUrl, scrubEvent, scrubSpan } from "@/lib/observability/redact";

test("the single sign-on callback's code and state never reach a log line", () => {
  assert.equal(
    redactUrl("/api/auth/callback/oidc?code=abc123&state=xyz&iss=http%3A%2F%2Fidp"),
    "/api/auth/callback/oidc?code=[redacted]&state=[redacted]&iss=http%3A%2F%2Fidp",
  );
  assert.equal(
    redactUrl("http://portal/x?access_token=t&Password=p#frag"),
    "http://portal/x?access_token=[redacted]&Password=[redacted]#frag",
  );
  assert.equal(redactUrl("/incidents?status=open&code"), "/incidents?status=open&code");
  assert.equal(redactUrl("/incidents?status=open"), "/incidents?status=open");
  assert.equal(redactUrl("/x?%63ode=1"), "/x?%63ode=[redacted]");
});

test("a Sentry event loses the internal user header, the client address, cookies and URL secrets", () => {
  assert.ok(PRIVATE_HEADERS.includes(CLIENT_IP_HEADER as (typeof PRIVATE_HEADERS)[number]));
  assert.ok(PRIVATE_HEADERS.includes(FORWARDED_USER_HEADER as (typeof PRIVATE_HEADERS)[number]));
  const event: Event = {
    request: {
      url: "http://portal/api/auth/callback/oidc?code=c0de&state=s",
      query_string: "code=c0de&state=s",
      headers: {
        [FORWARDED_USER_HEADER]: "signed.user",
        [CLIENT_IP_HEADER]: "203.0.113.9",
        Cookie: "ops-portal.session_token=t",
        "x-forwarded-for": "203.0.113.9",
        accept: "text/html",
      },
      cookies: { "ops-portal.session_token": "t" },
      env: { REMOTE_ADDR: "203.0.113.9" },
    },
    user: { id: "u1", ip_address: "203.0.113.9" },
  };
  const scrubbed = JSON.stringify(scrubEvent(event));
  for (const secret of ["signed.user", "203.0.113.9", "session_token", "c0de"])
    assert.ok(!scrubbed.includes(secret), secret);
  assert.equal(event.request?.headers?.accept, "text/html");
  assert.equal(event.user?.id, "u1");
});

test("a span loses the private header attributes, the client address and secrets in its URLs", () => {
  const span = {
    attributes: {
      "http.request.header.x-portal-user": ["signed.user"],
      "http.request.header.x_portal_client_ip": ["203.0.113.9"],
      "http.request.header.cookie": ["ops-portal.session_token=t"],
      "http.request.header.accept": ["text/html"],
      "user.ip_address": "203.0.113.9",
      "http.request.body.data": '{"password":"p"}',
      "url.full": "http://portal/api/auth/callback/oidc?code=c0de&state=s",
      "url.query": "code=c0de&x=1",
      "http.route": "/api/debug/error",
    } as Record<string, unknown>,
  };
  const scrubbed = JSON.stringify(scrubSpan(span));
  for (const secret of ["signed.user", "203.0.113.9", "session_token", "c0de", "password", "x-portal-user"])
    assert.ok(!scrubbed.includes(secret), secret);
  assert.deepEqual(span.attributes["http.request.header.accept"], ["text/html"]);
  assert.equal(span.attributes["url.query"], "code=[redacted]&x=1");
  assert.equal(span.attributes["http.route"], "/api/debug/error");
});
