import { readFileSync } from "node:fs";

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
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const type = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (type && data !== undefined) onEvent(type, JSON.parse(data));
    }
  }
}

