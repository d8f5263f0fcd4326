"use client";

import { useEffect, useRef, useState } from "react";
import type { EntryResult, IncidentView } from "@/lib/incidents/types";

// One EventSource per incident and browser tab, shared by everything on the page that follows
// the incident live (the timeline and status, the runbook's step checkboxes): each (re)connection
// starts with a "snapshot" (IncidentView), then an "entry" event per new timeline entry.
// EventSource retries a dropped stream by itself but gives up for good when a reconnection is
// answered with an error status (the portal restarting, the database down): then it is reopened.

export interface IncidentStreamHandlers {
  onSnapshot?: (view: IncidentView) => void;
  onEntry?: (result: EntryResult) => void;
}

interface Listener {
  handlers: { current: IncidentStreamHandlers };
  setLive: (live: boolean) => void;
}

interface Stream {
  listeners: Set<Listener>;
  source: EventSource | null;
  reopen?: ReturnType<typeof setTimeout>;
  live: boolean;
}

const REOPEN_MS = 3000;
const streams = new Map<string, Stream>();

function connect(incidentId: string, stream: Stream): void {
  const source = new EventSource(`/api/incidents/${encodeURIComponent(incidentId)}/events`);
  stream.source = source;
  const setLive = (live: boolean) => {
    stream.live = live;
    for (const l of stream.listeners) l.setLive(live);
  };
  source.addEventListener("open", () => setLive(true));
  source.addEventListener("error", () => {
    setLive(false);
    if (source.readyState === EventSource.CLOSED && streams.get(incidentId) === stream) {
      stream.reopen = setTimeout(() => connect(incidentId, stream), REOPEN_MS);
    }
  });
  source.addEventListener("snapshot", (event) => {
    const view = JSON.parse((event as MessageEvent<string>).data) as IncidentView;
    setLive(true);
    for (const l of stream.listeners) l.handlers.current.onSnapshot?.(view);
  });
  source.addEventListener("entry", (event) => {
    const result = JSON.parse((event as MessageEvent<string>).data) as EntryResult;
    for (const l of stream.listeners) l.handlers.current.onEntry?.(result);
  });
}

/** Follows the incident live; returns whether the stream is currently connected. */
export function useIncidentStream(incidentId: string, handlers: IncidentStreamHandlers): boolean {
  const [live, setLive] = useState(false);
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    let stream = streams.get(incidentId);
    if (!stream) {
      stream = { listeners: new Set(), source: null, live: false };
      streams.set(incidentId, stream);
      connect(incidentId, stream);
    }
    const listener: Listener = { handlers: ref, setLive };
    stream.listeners.add(listener);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a second subscriber joins a stream that may already be up
    setLive(stream.live);
    const current = stream;
    return () => {
      current.listeners.delete(listener);
      if (current.listeners.size > 0) return;
      streams.delete(incidentId);
      clearTimeout(current.reopen);
      current.source?.close();
    };
  }, [incidentId]);
  return live;
}
