import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { freePort } from "@/tools/dev/ports";

export { freePort };

export async function waitForUrl(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

function listening(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

export interface PrivateRedis {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: it keeps nothing on disk), as Redis coming back. */
  start(): Promise<void>;
}

/** A private redis-server the test may stop and start without disturbing anyone else on the machine. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const launch = async () => {
    const child = spawn(
      "redis-server",
      ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    const deadline = Date.now() + 10_000;
    while (!(await listening(port))) {
      if (child.exitCode !== null)
        throw new Error(`private redis-server exited with ${child.exitCode} (port ${port} taken?)`);
      if (Date.now() > deadline) throw new Error("private redis-server did not start");
      await new Promise((r) => setTimeout(r, 100));
    }
    return child;
  };
  const redis: PrivateRedis = {
    url: `redis://127.0.0.1:${port}`,
    process: await launch(),
    stop: () => stopProcess(redis.process),
    async start() {
      if (redis.process.exitCode === null && redis.process.signalCode === null) return;
      redis.process = await launch();
    },
  };
  return redis;
}

export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill(signal);
    setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
  });
}

export interface PortalProcess {
  url: string;
  port: number;
  process: ChildProcess;
  output: () => string;
  /** SIGTERM (a clean shutdown), SIGKILL after 10 s. */
  stop(): Promise<void>;
  /** SIGKILL at once: the process gets no chance to finish anything. */
  kill(): Promise<void>;
}

/** Another portal process (the production build) with its own environment overrides. */
export async function startPortal(
  env: Record<string, string> | ((url: string) => Record<string, string>),
  port?: number,
): Promise<PortalProcess> {
  port ??= await freePort();
  const url = `http://127.0.0.1:${port}`;
  const overrides = typeof env === "function" ? env(url) : env;
  let output = "";
  // Node itself rather than npx, so stopping the child really stops the server.
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), ...overrides },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  try {
    await waitForUrl(`${url}/api/health`);
  } catch (err) {
    await stopProcess(child, "SIGKILL");
    throw new Error(`${(err as Error).message}; portal output:\n${output.slice(-2000)}`, { cause: err });
  }
  return {
    url,
    port,
    process: child,
    output: () => output,
    stop: () => stopProcess(child),
    kill: () => stopProcess(child, "SIGKILL"),
  };
}
