// Live events over a real Redis: an SSE stream served by one hub receives what another hub, on
// its own connections (as another portal process would be), publishes — within a second. Each
// test run uses its own channel prefix on the shared server.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Redis } from "ioredis";
import { config } from "@/lib/config";
import { LiveHub } from "@/lib/live/hub";
import { formatSseEvent, sseResponse } from "@/lib/live/sse";
import { uniquePrefix } from "@/tests/helpers/redis";

const prefix = uniquePrefix("live");
let serving: LiveHub;
let publisherConnection: Redis;
let otherProcess: LiveHub;

before(() => {
  serving = new LiveHub({ prefix });
  publisherConnection = new Redis(config().REDIS_URL, { maxRetriesPerRequest: 1 });
  otherProcess = new LiveHub({ prefix, publisher: publisherConnection });
});
after(async () => {
  await serving.close();
  await otherProcess.close();
  publisherConnection.disconnect();
});

/** Reads SSE text from a response until `until` matches the accumulated text (or times out). */
function sseReader(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  return {
    get text() {
      return text;
    },
    async until(pattern: RegExp, timeoutMs = 2000): Promise<RegExpMatchArray> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = text.match(pattern);
        if (match) return match;
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`timed out waiting for ${pattern}; got:\n${text}`);
        const result = await Promise.race([
          reader.read(),
          new Promise<null>((r) => setTimeout(() => r(null), remaining)),
        ]);
        if (result === null) continue;
        if (result.done) throw new Error(`stream ended waiting for ${pattern}; got:\n${text}`);
        text += decoder.decode(result.value, { stream: true });
      }
    },
    cancel: () => reader.cancel(),
  };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("live events", () => {
  test("an SSE client gets the snapshot, then an event another process publishes, within a second", async () => {
    const controller = new AbortController();
    const response = sseResponse({
      channels: ["checklist-run:a"],
      hub: serving,
      signal: controller.signal,
      initial: () => [{ type: "snapshot", data: { items: 3 } }],
    });
    assert.equal(response.headers.get("content-type"), "text/event-stream; charset=utf-8");
    assert.match(response.headers.get("cache-control") ?? "", /no-transform/);
    const sse = sseReader(response);
    await sse.until(/event: snapshot\ndata: \{"items":3\}\n\n/);
    const sent = Date.now();
    await otherProcess.publish("checklist-run:a", { type: "tick", data: { itemId: "dlq", note: "linha 1\nlinha 2" } });
    await sse.until(/event: tick\ndata: (.*)\n\n/, 1000);
    const elapsed = Date.now() - sent;
    assert.ok(elapsed < 1000, `delivered in ${elapsed} ms`);
    assert.match(sse.text, /data: \{"itemId":"dlq","note":"linha 1\\nlinha 2"\}\n\n/);
    controller.abort();
  });

  test("channels are isolated by name and by prefix", async () => {
    const stranger = new LiveHub({ prefix: uniquePrefix("live-other"), publisher: publisherConnection });
    const controller = new AbortController();
    const sse = sseReader(sseResponse({ channels: ["checklist-run:b"], hub: serving, signal: controller.signal }));
    await sse.until(/: subscribed/);
    await stranger.publish("checklist-run:b", { type: "tick", data: "other prefix" });
    await otherProcess.publish("checklist-run:c", { type: "tick", data: "other channel" });
    await otherProcess.publish("checklist-run:b", { type: "tick", data: "mine" });
    await sse.until(/data: "mine"/);
    assert.doesNotMatch(sse.text, /other/);
    controller.abort();
    await stranger.close();
  });

  test("one subscriber connection serves many clients; listeners are removed on disconnect", async () => {
    const clients = Array.from({ length: 5 }, () => {
      const controller = new AbortController();
      return {
        controller,
        sse: sseReader(sseResponse({ channels: ["checklist-run:d"], hub: serving, signal: controller.signal })),
      };
    });
    await Promise.all(clients.map((c) => c.sse.until(/: subscribed/)));
    assert.equal(serving.listenerCount("checklist-run:d"), 5);
    await otherProcess.publish("checklist-run:d", { type: "tick", data: 1 });
    await Promise.all(clients.map((c) => c.sse.until(/event: tick/)));
    clients[0]!.controller.abort(); // the request's signal: the client went away
    await clients[1]!.sse.cancel(); // or the response body was cancelled
    await wait(20);
    assert.equal(serving.listenerCount("checklist-run:d"), 3);
    for (const c of clients.slice(2)) c.controller.abort();
    await wait(20);
    assert.equal(serving.listenerCount("checklist-run:d"), 0);
    // Redis no longer routes the channel to this hub.
    assert.equal(await otherProcess.publish("checklist-run:d", { type: "tick", data: 2 }), 0);
  });

  test("heartbeats keep an idle stream alive", async () => {
    const controller = new AbortController();
    const sse = sseReader(
      sseResponse({ channels: ["checklist-run:e"], hub: serving, signal: controller.signal, heartbeatMs: 30 }),
    );
    await sse.until(/retry: 3000\n\n/);
    await sse.until(/(: keepalive\n\n[^]*){2}/, 1000);
    controller.abort();
  });

  test("events published while the snapshot is read come after it, not lost", async () => {
    const controller = new AbortController();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const sse = sseReader(
      sseResponse({
        channels: ["checklist-run:f"],
        hub: serving,
        signal: controller.signal,
        initial: async () => {
          await gate;
          return [{ type: "snapshot", data: "state" }];
        },
      }),
    );
    await sse.until(/: subscribed/);
    await otherProcess.publish("checklist-run:f", { type: "tick", data: "during snapshot" });
    await wait(50);
    release();
    await sse.until(/event: tick/);
    assert.ok(sse.text.indexOf("event: snapshot") < sse.text.indexOf("event: tick"));
    controller.abort();
  });

  test("when Redis refuses the subscription the client is told and the stream ends (EventSource retries)", async () => {
    const down = new LiveHub({ prefix, url: "redis://127.0.0.1:1" });
    try {
      const sse = sseReader(sseResponse({ channels: ["checklist-run:g"], hub: down }));
      // The hub gives up on the connection after its own 2 s; leave room for a busy machine.
      await sse.until(/event: error\ndata: .*indispon/, 8000);
    } finally {
      // A hub left reconnecting would keep the test process alive.
      await down.close();
    }
  });

  test("event framing", () => {
    assert.equal(formatSseEvent({ type: "tick", data: { a: "x\n\ny" } }), 'event: tick\ndata: {"a":"x\\n\\ny"}\n\n');
    assert.throws(() => formatSseEvent({ type: "bad\nname", data: 1 }));
    assert.throws(() => serving.redisChannel("spaces are not allowed"));
  });
});
