import type { AddressInfo } from "node:net";
import type { Express } from "express";

/** Serves an Express app on a free loopback port for one test. */
export async function serve(app: Express): Promise<{ base: string; port: number; close(): Promise<void> }> {
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
