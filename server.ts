// Entry point: Express in front of Next so Bull Board can live at /admin/queues (ADR 0001).
import { ConfigError, parseConfig } from "./lib/config.ts";

let nodeEnv: string;
try {
  nodeEnv = parseConfig(process.env).NODE_ENV;
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

// Imported after validation: these modules read the configuration when they load.
const { startServer } = await import("./lib/server/start.ts");
const { logger } = await import("./lib/observability/log.ts");

// NODE_ENV=test serves the production build too: the e2e portals that need the test-only routes
// run that way, since the configuration refuses those routes under NODE_ENV=production.
const dev = nodeEnv === "development";
const log = logger("server");

try {
  const running = await startServer({ dev });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      log.info({ signal }, "signal received");
      running.close().then(
        () => process.exit(0),
        (err: Error) => {
          log.error({ err: err.message }, "shutdown failed");
          process.exit(1);
        },
      );
    });
  }
} catch (err) {
  const e = err as NodeJS.ErrnoException;
  log.fatal({ err: e.message, code: e.code }, "portal could not start");
  console.error(
    `Portal could not start: ${e.code === "EADDRINUSE" ? `port ${process.env.PORT ?? 3000} is already in use` : e.message}`,
  );
  process.exit(1);
}
