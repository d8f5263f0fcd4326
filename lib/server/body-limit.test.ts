import assert from "node:assert/strict";
import http from "node:http";
import { test } from "node:test";
import express from "express";
import { currentCorrelationId, requestContext } from "@/lib/observability/log";
import { limitBodies } from "@/lib/server/body-limit";
import { serve } from "@/tests/helpers/express";

const LIMIT = 64 * 1024;

/** Like Next or better-auth: reads the whole body, then answers with what it read. */
function app() {
  const a = express();
  a.use((_req, _res, next) => requestContext.run({ correlationId: "req-body" }, next));
  a.use(limitBodies(() => LIMIT));
  a.use(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    res.json({
      bytes: Buffer.concat(chunks).length,
      text: Buffer.concat(chunks).toString("utf8").slice(0, 20),
      correlationId: currentCorrelationId(),
    });
  });
  return a;
}

interface Sent {
  status: number;
  body: string;
  /** Bytes the client had written when the answer came. */
  writtenWhenAnswered: number;
}

/** Streams `total` bytes in 16 KiB chunks (chunked unless a length is given), stopping if answered. */
function stream(port: number, total: number, contentLength?: number): Promise<Sent> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = http.request({
      host: "127.0.0.1",
      port,
      method: "POST",
      path: "/api/auth/sign-in/email",
      headers: {
        "content-type": "application/json",
        ...(contentLength !== undefined ? { "content-length": contentLength } : {}),
      },
    });
    req.on("response", (res) => {
      answered = true;
      const at = written;
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body, writtenWhenAnswered: at });
      });
      res.on("error", reject);
    });
    req.on("error", (err) => (answered ? undefined : reject(err)));
    const chunk = Buffer.alloc(16 * 1024, "a");
    const pump = () => {
      while (!answered && written < total) {
        const piece = chunk.subarray(0, Math.min(chunk.length, total - written));
        written += piece.length;
        if (!req.write(piece)) return void req.once("drain", () => setTimeout(pump, 1));
      }
      if (!answered) req.end();
    };
    pump();
  });
}

test("a body within the limit reaches the handler whole, in the request's context, chunked or not", async () => {
  const { port, close } = await serve(app());
  try {
    for (const length of [undefined, 40 * 1024]) {
      const sent = await stream(port, 40 * 1024, length);
      assert.equal(sent.status, 200);
      assert.deepEqual(JSON.parse(sent.body), { bytes: 40 * 1024, text: "a".repeat(20), correlationId: "req-body" });
    }
  } finally {
    await close();
  }
});

test("2 MiB streamed without a length is refused with a 413 long before its end", async () => {
  const { port, close } = await serve(app());
  try {
    const sent = await stream(port, 2 * 1024 * 1024);
    assert.equal(sent.status, 413);
    assert.match(JSON.parse(sent.body).error, /grande demais/);
    assert.ok(sent.writtenWhenAnswered < 1024 * 1024, `answered after ${sent.writtenWhenAnswered} bytes`);
  } finally {
    await close();
  }
});

test("a declared length over the limit is refused before a byte of the body is read", async () => {
  const { port, close } = await serve(app());
  try {
    const sent = await stream(port, 2 * 1024 * 1024, 2 * 1024 * 1024);
    assert.equal(sent.status, 413);
    assert.ok(sent.writtenWhenAnswered < 1024 * 1024, `answered after ${sent.writtenWhenAnswered} bytes`);
  } finally {
    await close();
  }
});

test("a client that writes an oversized body whole, as most do, reads the 413 rather than a reset", async () => {
  const { port, close } = await serve(app());
  try {
    for (let i = 0; i < 5; i++) {
      const body = Buffer.alloc(700 * 1024, "b");
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(
          {
            host: "127.0.0.1",
            port,
            method: "POST",
            path: "/",
            headers: { "content-type": "application/json", "content-length": body.length },
          },
          (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
          },
        );
        req.on("error", reject);
        req.end(body);
      });
      assert.equal(status, 413);
    }
  } finally {
    await close();
  }
});
