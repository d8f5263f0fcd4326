import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { freePort } from "../tools/dev/ports.ts";

const root = path.resolve(import.meta.dirname, "..");

export interface BenchPortal {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the production build through server.ts with the given environment overrides (SIGUSR2 collects garbage). */
export async function startBenchPortal(env: Record<string, string>): Promise<BenchPortal> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ["--expose-gc", "--import", "./bench/gc-on-signal.mjs", "--import", "tsx", "server.ts"],
    {
      cwd: root,
      env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not up yet
    }
    if (child.exitCode !== null) throw new Error("the portal exited during start-up");
    if (Date.now() > deadline) throw new Error("the portal did not start within 60 s");
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
