"use client";

import { useEffect, useRef, useState } from "react";

// One EventSource per stream URL and browser tab, shared by every component of the page that
// follows it (an incident's timeline and its step checkboxes use one connection). Each
// (re)connection of the portal's streams starts with a "snapshot" event, so whatever was missed
// while disconnected is reconciled. EventSource retries a dropped stream by itself but gives up
// for good when a reconnection is answered with an error status (the portal restarting, the
// database down): then it is reopened here after a pause.

/** Handlers by event name; each receives the event's data parsed as JSON. */
export type LiveHandlers = Record<string, (data: never) => void>;

interface Listener {
  handlers: { current: LiveHandlers };
  setLive: (live: boolean) => void;
}

interface Stream {
  listeners: Set<Listener>;
  /** Event names some listener wants; registered on every new EventSource. */
  names: Set<string>;
  source: EventSource | null;
  reopen?: ReturnType<typeof setTimeout>;
  live: boolean;
}

export const REOPEN_MS = 3000;
const streams = new Map<string, Stream>();

function setLive(stream: Stream, live: boolean): void {
  stream.live = live;
  for (const l of stream.listeners) l.setLive(live);
}

function listen(stream: Stream, source: EventSource, name: string): void {
  source.addEventListener(name, (event) => {
    setLive(stream, true);
    const data = JSON.parse((event as MessageEvent<string>).data) as never;
    for (const l of stream.listeners) l.handlers.current[name]?.(data);
  });
}

function connect(url: string, stream: Stream): void {
  const source = new EventSource(url);
  stream.source = source;
  source.addEventListener("open", () => setLive(stream, true));
  source.addEventListener("error", () => {
    setLive(stream, false);
    if (source.readyState === EventSource.CLOSED && streams.get(url) === stream) {
      stream.reopen = setTimeout(() => connect(url, stream), REOPEN_MS);
    }
  });
  for (const name of stream.names) listen(stream, source, name);
}

/** Follows a stream (null: none yet); returns whether it is currently connected. */
export function useLiveStream(url: string | null, handlers: LiveHandlers): boolean {
  const [live, setLiveState] = useState(false);
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    if (!url) return;
    let stream = streams.get(url);
    const fresh = !stream;
    if (!stream) {
      stream = { listeners: new Set(), names: new Set(), source: null, live: false };
      streams.set(url, stream);
    }
    const listener: Listener = { handlers: ref, setLive: setLiveState };
    stream.listeners.add(listener);
    for (const name of Object.keys(ref.current)) {
      if (stream.names.has(name)) continue;
      stream.names.add(name);
      if (stream.source) listen(stream, stream.source, name);
    }
    if (fresh) connect(url, stream);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a second subscriber joins a stream that may already be up
    setLiveState(stream.live);
    const current = stream;
    return () => {
      current.listeners.delete(listener);
      if (current.listeners.size > 0) return;
      streams.delete(url);
      clearTimeout(current.reopen);
      current.source?.close();
      setLiveState(false);
    };
  }, [url]);
  return live;
}
