import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { after, before, beforeEach, describe, test } from "node:test";
import { buildEnvelope, EnvelopeError, parseEnvelope } from "./envelope";
import { startFakeSentry, type FakeSentry } from "./server";

/** fetch() wants an ArrayBuffer-backed view; a Buffer may sit on a shared pool (ArrayBufferLike). */
function bytes(buffer: Buffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(buffer);
}

describe("parseEnvelope", () => {
  test("header plus items without length, payload up to the newline", () => {
    const body = Buffer.from(
      '{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","dsn":"https://e12d836b15bb49d7bbf99e64295d995b@sentry.io/42"}\n' +
        '{"type":"event"}\n' +
        '{"message":"hello","level":"error"}\n' +
        '{"type":"span","content_type":"application/vnd.sentry.items.span.v2+json"}\n' +
        '{"items":[]}',
    );
    const envelope = parseEnvelope(body);
    assert.equal(envelope.header.event_id, "9ec79c33ec9942ab8353589fcb2e04dc");
    assert.deepEqual(
      envelope.items.map((i) => i.header.type),
      ["event", "span"],
    );
    assert.deepEqual(JSON.parse(envelope.items[0]?.payload.toString() ?? ""), { message: "hello", level: "error" });
    assert.equal(envelope.items[1]?.payload.toString(), '{"items":[]}');
  });

  test("length-prefixed payloads may contain newlines and multi-byte characters", () => {
    const attachment = Buffer.from("linha 1\nlinha 2 — ação\n");
    const event = Buffer.from('{"message":"ok"}');
    const body = Buffer.concat([
      Buffer.from("{}\n"),
      Buffer.from(`{"type":"attachment","length":${attachment.length},"filename":"log.txt"}\n`),
      attachment,
      Buffer.from("\n"),
      Buffer.from(`{"type":"event","length":${event.length}}\n`),
      event,
      // No trailing newline after the last payload: allowed.
    ]);
    const envelope = parseEnvelope(body);
    assert.equal(envelope.items.length, 2);
    assert.ok(envelope.items[0]?.payload.equals(attachment));
    assert.equal(envelope.items[1]?.payload.toString(), '{"message":"ok"}');
  });

  test("length 0 and a mix with and without length", () => {
    const body = buildEnvelope({}, [
      { type: "client_report", payload: Buffer.alloc(0), headers: { length: 0 } },
      { type: "event", payload: { message: "a" } },
    ]);
    const envelope = parseEnvelope(body);
    assert.equal(envelope.items[0]?.payload.length, 0);
    assert.deepEqual(JSON.parse(envelope.items[1]?.payload.toString() ?? ""), { message: "a" });
  });

  test("rejects truncated and malformed envelopes", () => {
    assert.throws(() => parseEnvelope(Buffer.from('{}\n{"type":"event","length":50}\n{"a":1}')), EnvelopeError);
    assert.throws(() => parseEnvelope(Buffer.from("not json\n")), EnvelopeError);
    assert.throws(() => parseEnvelope(Buffer.from('{}\n{"length":2}\n{}')), EnvelopeError);
  });
});

describe("fake Sentry ingest endpoint", () => {
  let fake: FakeSentry;

  before(async () => {
    fake = await startFakeSentry();
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.state.events = [];
    fake.state.envelopes = [];
  });

  function endpoint(
    query = `?sentry_version=7&sentry_key=${fake.state.publicKey}&sentry_client=sentry.javascript.nextjs%2F11.5.0`,
  ): string {
    const dsn = new URL(fake.dsn(42));
    return `${dsn.protocol}//${dsn.host}/api/42/envelope/${query}`;
  }

  function errorEvent(id: string, tags: unknown): Record<string, unknown> {
    return {
      event_id: id,
      level: "error",
      platform: "node",
      environment: "test",
      transaction: "GET /api/boom",
      exception: { values: [{ type: "Error", value: `boom ${id}` }] },
      tags,
    };
  }

  test("dsn() has the SDK's format", () => {
    assert.match(fake.dsn(42), /^http:\/\/publickey@127\.0\.0\.1:\d+\/42$/);
  });

  test("stores events with their tags (key in the query string, like the SDK)", async () => {
    const body = buildEnvelope({ event_id: "a1" }, [
      { type: "event", payload: errorEvent("a1", { correlationId: "req-123", runtime: "node" }) },
      { type: "span", payload: { items: [] }, headers: { content_type: "application/vnd.sentry.items.span.v2+json" } },
    ]);
    const response = await fetch(endpoint(), { method: "POST", body: bytes(body) });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { id: "a1" });

    assert.equal(fake.state.events.length, 1, "only items of type event become events");
    const [event] = fake.state.events;
    assert.equal(event?.projectId, "42");
    assert.equal(event?.eventId, "a1");
    assert.equal(event?.tags.correlationId, "req-123");
    assert.deepEqual(event?.exception, { type: "Error", value: "boom a1" });
    assert.equal(event?.transaction, "GET /api/boom");
    assert.deepEqual(fake.state.envelopes[0]?.itemTypes, ["event", "span"]);
  });

  test("accepts gzip bodies, X-Sentry-Auth, several events and length-prefixed items", async () => {
    const body = buildEnvelope(
      {},
      [
        { type: "event", payload: errorEvent("g1", [["correlationId", "c-1"]]) },
        { type: "event", payload: errorEvent("g2", { correlationId: "c-2" }) },
      ],
      { withLength: true },
    );
    const response = await fetch(endpoint(""), {
      method: "POST",
      body: bytes(gzipSync(body)),
      headers: {
        "Content-Encoding": "gzip",
        "Content-Type": "application/x-sentry-envelope",
        "X-Sentry-Auth": `Sentry sentry_version=7, sentry_client=test/1.0, sentry_key=${fake.state.publicKey}`,
      },
    });
    assert.equal(response.status, 200);
    assert.deepEqual(
      fake.state.events.map((e) => [e.eventId, e.tags.correlationId]),
      [
        ["g1", "c-1"],
        ["g2", "c-2"],
      ],
    );
  });

  test("accepts the key from the envelope's dsn header (tunnel)", async () => {
    const body = buildEnvelope({ dsn: fake.dsn(42) }, [{ type: "event", payload: errorEvent("t1", {}) }]);
    const response = await fetch(endpoint(""), { method: "POST", body: bytes(body) });
    assert.equal(response.status, 200);
    assert.equal(fake.state.events.length, 1);
  });

  test("rejects missing or wrong keys and broken envelopes", async () => {
    const body = buildEnvelope({}, [{ type: "event", payload: errorEvent("x", {}) }]);
    assert.equal((await fetch(endpoint(""), { method: "POST", body: bytes(body) })).status, 401);
    assert.equal((await fetch(endpoint("?sentry_key=nope"), { method: "POST", body: bytes(body) })).status, 401);
    const broken = await fetch(endpoint(), { method: "POST", body: '{}\n{"type":"event","length":99}\n{}' });
    assert.equal(broken.status, 400);
    assert.equal(fake.state.events.length, 0);
  });

  test("waitForEvent resolves for an event that arrives later, and times out otherwise", async () => {
    const waiting = fake.waitForEvent((e) => e.tags.correlationId === "later", 2_000);
    setTimeout(() => {
      void fetch(endpoint(), {
        method: "POST",
        body: bytes(buildEnvelope({}, [{ type: "event", payload: errorEvent("w1", { correlationId: "later" }) }])),
      });
    }, 50);
    const event = await waiting;
    assert.equal(event.eventId, "w1");

    await assert.rejects(
      fake.waitForEvent((e) => e.tags.correlationId === "never", 100),
      /no matching event within 100 ms/,
    );
  });
});
