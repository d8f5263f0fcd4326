import { readFileSync } from "node:fs";
import { sseEvents } from "../tests/helpers/sse.ts";

// Readings the benchmarks take of a running portal: its memory and its event streams.

/** Peak and current RSS of a process, from /proc (Linux). */
export function procMemory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
}

/** The portal's own heap figures from /api/metrics (prom-client's process metrics), if readable. */
export async function portalHeap(url: string): Promise<{ used: number } | null> {
  try {
    const response = await fetch(`${url}/api/metrics`);
    if (!response.ok) return null;
    const used = /^nodejs_heap_size_used_bytes (\S+)/m.exec(await response.text());
    return used ? { used: Number(used[1]) } : null;
  } catch {
    return null;
  }
}

/** Reads an SSE response, calling `onEvent` for each event as it arrives. */
export async function readEvents(response: Response, onEvent: (type: string, data: unknown) => void): Promise<void> {
  if (!response.body) return;
  for await (const { type, data } of sseEvents(response.body)) onEvent(type, data);
}
