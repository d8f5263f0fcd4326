import express from "express";
import next from "next";
import type { Server } from "node:http";
import { config } from "@/lib/config";
import { disconnectDb } from "@/lib/db/client";
import { logger } from "@/lib/observability/log";
import { closeLiveHub } from "@/lib/live/hub";
import { startJobIndexer } from "@/lib/jobs-search/service";
import { closeQueues, queues } from "@/lib/queues/registry";
import { disconnectRedis } from "@/lib/redis";
import { toNodeHandler } from "better-auth/node";
import { auth } from "@/lib/auth/auth";
import { exposedAuthEndpoints, requireSession } from "@/lib/server/auth-gate";
import { BULL_BOARD_PATH, bullBoard } from "@/lib/server/bull-board";
import { requestContextMiddleware } from "@/lib/server/request-context";
import { rejectMalformedPath } from "@/lib/server/malformed-url";
import { refuseNonPageMethods } from "@/lib/server/page-methods";
import { csrfProtection, securityHeaders } from "@/lib/server/security";
import { limitBodies } from "@/lib/server/body-limit";

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export async function startServer(options: { dev: boolean; dir?: string }): Promise<RunningServer> {
  const cfg = config();
  const log = logger("server");
  const app = next({ dev: options.dev, dir: options.dir ?? process.cwd(), hostname: cfg.HOST, port: cfg.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = express();
  server.disable("x-powered-by");
  server.set("trust proxy", cfg.TRUST_PROXY);
  server.use(requestContextMiddleware);
  server.use(securityHeaders(options.dev));
  server.use(rejectMalformedPath);
  server.use(csrfProtection);
  server.use(limitBodies());
  // better-auth reads the raw request itself, so it is mounted before any body parser; only the
  // endpoints the portal uses reach it (lib/auth/endpoints.ts).
  server.all("/api/auth/{*splat}", exposedAuthEndpoints, toNodeHandler(auth()));
  server.use(requireSession);
  server.use(refuseNonPageMethods);
  server.use(BULL_BOARD_PATH, bullBoard(cfg.queues, queues()));
  // Express 5: a path-less use() is the catch-all; '*' is no longer a valid path.
  server.use((req, res) => handle(req, res));

  const httpServer = await new Promise<Server>((resolve, reject) => {
    const s = server.listen(cfg.PORT, cfg.HOST, () => resolve(s));
    s.once("error", reject);
  });
  const url = `http://${cfg.HOST === "0.0.0.0" ? "localhost" : cfg.HOST}:${cfg.PORT}`;
  log.info({ url, dev: options.dev, queues: cfg.queues.map((q) => q.name) }, "portal listening");
  // Keeps the job search index in step with Redis (only the replica holding the lease writes).
  const indexer = startJobIndexer();

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      log.info("shutting down");
      // Stop accepting, let in-flight requests finish (long-lived streams are cut after 5 s).
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        setTimeout(() => {
          httpServer.closeAllConnections();
          resolve();
        }, 5000).unref();
        httpServer.closeIdleConnections();
      });
      await indexer.stop();
      await Promise.allSettled([closeQueues(), closeLiveHub(), disconnectDb()]);
      await disconnectRedis();
      await app.close().catch(() => undefined);
      log.info("stopped");
    })();
    return closing;
  };
  return { server: httpServer, url, close };
}
