import type { Redis } from "ioredis";
import { config } from "@/lib/config";
import { logger } from "@/lib/observability/log";
import { createRedis, redis, requestRedisOptions } from "@/lib/redis";
import { forgetSingleton, peekSingleton, processSingleton } from "@/lib/runtime";

// Live events between portal processes: a domain module publishes an event to a channel (one
// incident, one checklist run) through Redis pub/sub; every process that has a browser watching
// that channel receives it on its one shared subscriber connection and hands it to the local
// listeners (SSE streams, see sse.ts). Delivery is best effort: a client that reconnects, or a
// subscriber that lost Redis for a moment, re-reads the state instead of replaying missed events.

export interface LiveEvent {
  /** SSE event name, e.g. "tick". */
  type: string;
  data: unknown;
}

export type LiveListener = (event: LiveEvent, channel: string) => void;

export interface LiveSubscription {
  /** Called after the subscriber connection came back from an outage: events may have been missed. */
  onResync?: () => void;
  listener: LiveListener;
}

export interface LiveHubOptions {
  /** Redis server (default: config().REDIS_URL). */
  url?: string;
  /**
   * Namespace of the channel names on the shared Redis, so test runs and environments that share
   * a server never see each other's events (default: config().QUEUE_PREFIX).
   */
  prefix?: string;
  /** Connection used to PUBLISH (default: the process's shared request connection). */
  publisher?: Redis;
}

const CHANNEL_PATTERN = /^[A-Za-z0-9_.:-]{1,200}$/;
const READY_TIMEOUT_MS = 2000;

export class LiveHub {
  readonly prefix: string;
  private readonly url: string;
  private readonly publisher: Redis | undefined;
  private subscriber: Redis | undefined;
  private readonly channels = new Map<string, Set<LiveSubscription>>();
  private closed = false;
  private hadOutage = false;

  constructor(options: LiveHubOptions = {}) {
    this.url = options.url ?? config().REDIS_URL;
    this.prefix = options.prefix ?? config().QUEUE_PREFIX;
    this.publisher = options.publisher;
  }

  /** The Redis channel name of a live channel. */
  redisChannel(channel: string): string {
    if (!CHANNEL_PATTERN.test(channel)) throw new Error(`invalid live channel name: ${channel}`);
    return `${this.prefix}:live:${channel}`;
  }

  /** Publishes one event; resolves to the number of processes that received it. Throws when Redis is down. */
  async publish(channel: string, event: LiveEvent): Promise<number> {
    return (this.publisher ?? redis()).publish(this.redisChannel(channel), JSON.stringify(event));
  }

  /**
   * Registers a listener on channels; resolves once Redis has confirmed the subscription, so an
   * event published after that is delivered. The returned function removes the listener.
   */
  async subscribe(channels: string[], subscription: LiveSubscription): Promise<() => void> {
    if (this.closed) throw new Error("live hub is closed");
    const names = [...new Set(channels.map((c) => this.redisChannel(c)))];
    const fresh: string[] = [];
    for (const name of names) {
      let set = this.channels.get(name);
      if (!set) {
        set = new Set();
        this.channels.set(name, set);
        fresh.push(name);
      }
      set.add(subscription);
    }
    const remove = () => {
      const idle: string[] = [];
      for (const name of names) {
        const set = this.channels.get(name);
        if (!set?.delete(subscription) || set.size > 0) continue;
        this.channels.delete(name);
        idle.push(name);
      }
      // Commands on one connection run in order, so a later SUBSCRIBE of the same channel wins.
      if (idle.length && this.subscriber) this.subscriber.unsubscribe(...idle).catch(() => {});
    };
    try {
      // Re-sent for channels already subscribed: a no-op for Redis, and it waits until this
      // connection is actually subscribed (a concurrent first SUBSCRIBE may still be in flight).
      await (await this.readyConnection()).subscribe(...(fresh.length ? fresh : names));
    } catch (err) {
      remove();
      throw err;
    }
    return remove;
  }

  /** Number of local listeners on a channel (for tests and metrics). */
  listenerCount(channel: string): number {
    return this.channels.get(this.redisChannel(channel))?.size ?? 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.channels.clear();
    const sub = this.subscriber;
    this.subscriber = undefined;
    if (sub) await sub.quit().catch(() => sub.disconnect());
  }

  /** The subscriber connection once it is ready; fails after `READY_TIMEOUT_MS` (Redis down). */
  private readyConnection(): Promise<Redis> {
    const sub = this.connection();
    if (sub.status === "ready") return Promise.resolve(sub);
    return new Promise((resolve, reject) => {
      const done = (err?: Error) => {
        clearTimeout(timer);
        sub.off("ready", onReady);
        if (err) reject(err);
        else resolve(sub);
      };
      const onReady = () => done();
      const timer = setTimeout(
        () => done(new Error(`live subscriber not connected to Redis (${sub.status})`)),
        READY_TIMEOUT_MS,
      );
      sub.on("ready", onReady);
    });
  }

  private connection(): Redis {
    if (this.subscriber) return this.subscriber;
    // Subscriber mode needs a connection of its own. Without an offline queue a subscription
    // attempt during an outage fails at once (the SSE client retries) instead of hanging.
    const sub = createRedis(this.url, { ...requestRedisOptions(), autoResubscribe: true }, "live-subscriber");
    sub.on("message", (name: string, message: string) => this.dispatch(name, message));
    sub.on("close", () => {
      this.hadOutage = true;
    });
    sub.on("ready", () => {
      if (!this.hadOutage) return;
      this.hadOutage = false;
      for (const set of this.channels.values()) for (const s of set) s.onResync?.();
    });
    this.subscriber = sub;
    return sub;
  }

  private dispatch(name: string, message: string): void {
    const set = this.channels.get(name);
    if (!set) return;
    let event: LiveEvent;
    try {
      event = JSON.parse(message) as LiveEvent;
    } catch {
      logger("live").warn({ channel: name }, "ignoring a malformed live message");
      return;
    }
    const channel = name.slice(this.prefix.length + ":live:".length);
    for (const s of set) {
      try {
        s.listener(event, channel);
      } catch (err) {
        logger("live").warn({ channel: name, err: (err as Error).message }, "live listener failed");
      }
    }
  }
}

/** The process's hub (one subscriber connection shared by every SSE stream of this process). */
export function liveHub(): LiveHub {
  return processSingleton("liveHub", () => new LiveHub());
}

export async function closeLiveHub(): Promise<void> {
  const hub = peekSingleton<LiveHub>("liveHub");
  if (!hub) return;
  forgetSingleton("liveHub");
  await hub.close();
}

/**
 * Publishes without failing the caller: the change is already saved, and viewers that miss the
 * event see it when they re-read the state. Returns false when the event could not be sent.
 */
export async function publishLive(channel: string, event: LiveEvent, hub: LiveHub = liveHub()): Promise<boolean> {
  try {
    await hub.publish(channel, event);
    return true;
  } catch (err) {
    logger("live").warn({ channel, type: event.type, err: (err as Error).message }, "live event not published");
    return false;
  }
}
