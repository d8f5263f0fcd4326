// Server-Sent Events read off a fetch body, for tests and benchmarks (the pages use EventSource).

export interface SseMessage {
  type: string;
  data: unknown;
}

/** Yields each `event:` / `data:` message as it arrives; `data` is parsed as JSON. */
export async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const type = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (type && data !== undefined) yield { type, data: JSON.parse(data) };
    }
  }
}
