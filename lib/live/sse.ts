import { logger } from "@/lib/observability/log";
import { metrics } from "@/lib/observability/metrics";
import { liveHub, type LiveEvent, type LiveHub } from "./hub";

// A Server-Sent Events response for a route handler: subscribes to live channels, sends an
// initial snapshot once the subscription is confirmed (so nothing published in between is
// missed), then every event, with a comment line as heartbeat. Semantics are deliberately
// simple — no event ids, no Last-Event-ID replay: a reconnecting EventSource gets a new snapshot.

export interface SseOptions {
  channels: string[];
  /** Events sent first, computed after the subscription is confirmed (e.g. the current state). */
  initial?: () => Promise<LiveEvent[]> | LiveEvent[];
  /** The request's signal: aborted when the client goes away. */
  signal?: AbortSignal;
  hub?: LiveHub;
  /** Time between heartbeats (default 15 s), which keep proxies from closing an idle stream. */
  heartbeatMs?: number;
  /** Reconnect delay the browser should use (default 3 s). */
  retryMs?: number;
  /** A client that stops reading is dropped once this many bytes wait for it (default 1 MiB). */
  maxBufferedBytes?: number;
  headers?: HeadersInit;
}

const encoder = new TextEncoder();

// The hub hands the same event object to every stream of the process: it is serialised and
// encoded once, not once per viewer (a note on an incident watched by 30 people is one
// JSON.stringify, not 30).
const encoded = new WeakMap<LiveEvent, Uint8Array>();

function encodeEvent(event: LiveEvent): Uint8Array {
  let bytes = encoded.get(event);
  if (!bytes) encoded.set(event, (bytes = encoder.encode(formatSseEvent(event))));
  return bytes;
}

/** One SSE message; `data` is JSON, one line, so no framing issue can arise from its content. */
export function formatSseEvent(event: LiveEvent): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(event.type)) throw new Error(`invalid SSE event name: ${event.type}`);
  return `event: ${event.type}\ndata: ${JSON.stringify(event.data ?? null)}\n\n`;
}

export function sseResponse(options: SseOptions): Response {
  const hub = options.hub ?? liveHub();
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
  let cleanup: (() => void) | undefined;

  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let closed = false;
        let unsubscribe: (() => void) | undefined;
        // Started below, once `write` exists; `close` only runs after that.
        const timers: { heartbeat?: ReturnType<typeof setInterval> } = {};
        // Events that arrive while the snapshot is being read wait for it.
        let pending: LiveEvent[] | null = [];

        const close = () => {
          if (closed) return;
          closed = true;
          metrics().liveStreams.dec();
          clearInterval(timers.heartbeat);
          unsubscribe?.();
          options.signal?.removeEventListener("abort", close);
          try {
            controller.close();
          } catch {
            // already closed or errored
          }
        };
        cleanup = close;
        metrics().liveStreams.inc();

        const write = (chunk: string | Uint8Array) => {
          if (closed) return;
          if ((controller.desiredSize ?? 0) < -maxBuffered) {
            logger("live").warn({ channels: options.channels }, "dropping an SSE client that stopped reading");
            close();
            return;
          }
          controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
        };
        const send = (event: LiveEvent) => {
          if (pending) pending.push(event);
          else write(encodeEvent(event));
        };
        const sendSnapshot = async () => {
          pending ??= [];
          try {
            for (const event of (await options.initial?.()) ?? []) write(formatSseEvent(event));
          } catch (err) {
            logger("live").warn({ err: (err as Error).message }, "SSE snapshot failed");
            write(formatSseEvent({ type: "error", data: { message: "Falha ao ler o estado atual." } }));
            close();
            return;
          }
          const queued = pending;
          pending = null;
          for (const event of queued) write(encodeEvent(event));
        };

        if (options.signal?.aborted) return close();
        options.signal?.addEventListener("abort", close);
        write(`retry: ${options.retryMs ?? 3000}\n\n`);
        timers.heartbeat = setInterval(() => write(": keepalive\n\n"), heartbeatMs);
        timers.heartbeat.unref?.();

        hub.subscribe(options.channels, { listener: (event) => send(event), onResync: () => void sendSnapshot() }).then(
          (remove) => {
            if (closed) return remove();
            unsubscribe = remove;
            write(": subscribed\n\n");
            return sendSnapshot();
          },
          (err: Error) => {
            logger("live").warn({ err: err.message }, "SSE subscription failed");
            write(
              formatSseEvent({
                type: "error",
                data: { message: "Atualizações ao vivo indisponíveis; tentando de novo." },
              }),
            );
            close();
          },
        );
      },
      cancel() {
        cleanup?.();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 16 * 1024 }),
  );

  const headers = new Headers(options.headers);
  headers.set("content-type", "text/event-stream; charset=utf-8");
  // no-transform keeps compression middleware from buffering the stream.
  headers.set("cache-control", "no-cache, no-store, no-transform");
  headers.set("x-accel-buffering", "no");
  return new Response(stream, { headers });
}
