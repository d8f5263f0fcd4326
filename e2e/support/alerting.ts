import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse, stringify } from "yaml";
import { freePort, stopProcess } from "./processes";

// A private Prometheus and Alertmanager (Debian's packages, installed by
// `node scripts/ensure-system.mjs test`) on free ports with their own data directories, running
// the shipped rules and the shipped Alertmanager route against one portal. Intervals are one
// second so a test waits for conditions, not for Prometheus' defaults.

const ALERTING = resolve(import.meta.dirname, "../../deploy/alerting");

export interface PrivateAlerting {
  prometheusUrl: string;
  alertmanagerUrl: string;
  /** Both processes' output, for a failure message. */
  output(): string;
  stop(): Promise<void>;
}

export interface AlertingOptions {
  /** The portal Prometheus scrapes and Alertmanager notifies. */
  portalUrl: string;
  /** The portal's METRICS_TOKEN, when it sets one. */
  metricsToken?: string;
  /** The portal's ALERTMANAGER_TOKEN. */
  webhookToken: string;
}

async function waitReady(url: string, child: ChildProcess, output: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${url}: the process exited with ${child.exitCode}:\n${output().slice(-2000)}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} was not ready within ${timeoutMs} ms:\n${output().slice(-2000)}`);
}

/** The shipped Alertmanager configuration, pointed at this portal and with one-second grouping. */
function alertmanagerConfig(portalUrl: string, tokenFile: string): string {
  const config = parse(readFileSync(join(ALERTING, "alertmanager.yml"), "utf8")) as {
    route: Record<string, unknown>;
    receivers: { webhook_configs: { url: string; http_config: { authorization: { credentials_file: string } } }[] }[];
  };
  Object.assign(config.route, { group_wait: "1s", group_interval: "1s", repeat_interval: "1h" });
  for (const receiver of config.receivers) {
    for (const webhook of receiver.webhook_configs) {
      webhook.url = `${portalUrl}/api/webhooks/alertmanager`;
      webhook.http_config.authorization.credentials_file = tokenFile;
    }
  }
  return stringify(config);
}

function prometheusConfig(options: AlertingOptions, alertmanagerPort: number, tokenFile: string | undefined): string {
  const portal = new URL(options.portalUrl);
  return stringify({
    global: { scrape_interval: "1s", evaluation_interval: "1s", external_labels: { portal_url: options.portalUrl } },
    rule_files: [join(ALERTING, "rules/*.yml")],
    alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${alertmanagerPort}`] }] }] },
    scrape_configs: [
      {
        job_name: "ops-portal",
        metrics_path: "/api/metrics",
        scheme: portal.protocol.replace(":", ""),
        ...(tokenFile ? { authorization: { type: "Bearer", credentials_file: tokenFile } } : {}),
        static_configs: [{ targets: [portal.host] }],
      },
    ],
  });
}

export async function startPrivateAlerting(options: AlertingOptions): Promise<PrivateAlerting> {
  const dir = mkdtempSync(join(tmpdir(), "ops-portal-alerting-"));
  const secret = (name: string, value: string) => {
    const file = join(dir, name);
    writeFileSync(file, value);
    chmodSync(file, 0o600);
    return file;
  };
  const webhookTokenFile = secret("webhook-token", options.webhookToken);
  const metricsTokenFile = options.metricsToken ? secret("metrics-token", options.metricsToken) : undefined;
  const [prometheusPort, alertmanagerPort] = [await freePort(), await freePort()];
  writeFileSync(join(dir, "alertmanager.yml"), alertmanagerConfig(options.portalUrl, webhookTokenFile));
  writeFileSync(join(dir, "prometheus.yml"), prometheusConfig(options, alertmanagerPort, metricsTokenFile));

  let log = "";
  const capture = (name: string, child: ChildProcess) => {
    child.stdout?.on("data", (d: Buffer) => (log += `[${name}] ${d.toString()}`));
    child.stderr?.on("data", (d: Buffer) => (log += `[${name}] ${d.toString()}`));
    return child;
  };
  const alertmanager = capture(
    "alertmanager",
    spawn(
      "prometheus-alertmanager",
      [
        `--config.file=${join(dir, "alertmanager.yml")}`,
        `--storage.path=${join(dir, "alertmanager-data")}`,
        `--web.listen-address=127.0.0.1:${alertmanagerPort}`,
        "--cluster.listen-address=",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    ),
  );
  const prometheus = capture(
    "prometheus",
    spawn(
      "prometheus",
      [
        `--config.file=${join(dir, "prometheus.yml")}`,
        `--storage.tsdb.path=${join(dir, "prometheus-data")}`,
        `--web.listen-address=127.0.0.1:${prometheusPort}`,
        // Alerts evaluated before Alertmanager was found are re-sent only after this delay.
        "--rules.alert.resend-delay=1s",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    ),
  );
  const stop = async () => {
    await Promise.all([stopProcess(prometheus), stopProcess(alertmanager)]);
    rmSync(dir, { recursive: true, force: true });
  };
  const alerting: PrivateAlerting = {
    prometheusUrl: `http://127.0.0.1:${prometheusPort}`,
    alertmanagerUrl: `http://127.0.0.1:${alertmanagerPort}`,
    output: () => log,
    stop,
  };
  try {
    await waitReady(`${alerting.alertmanagerUrl}/-/ready`, alertmanager, alerting.output);
    await waitReady(`${alerting.prometheusUrl}/-/ready`, prometheus, alerting.output);
  } catch (error) {
    await stop();
    throw error;
  }
  return alerting;
}

/** Polls `read` until it returns something other than undefined. */
export async function eventually<T>(
  what: string,
  read: () => Promise<T | undefined>,
  timeoutMs: number,
  describe: () => string = () => "",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms\n${describe().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface PromVector {
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

/** An instant query's samples as label sets with a number. */
export async function promQuery(
  prometheusUrl: string,
  query: string,
): Promise<{ labels: Record<string, string>; value: number }[]> {
  const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
  if (!response.ok) throw new Error(`query ${query}: HTTP ${response.status}`);
  const body = (await response.json()) as PromVector;
  return body.data.result.map((sample) => ({ labels: sample.metric, value: Number(sample.value[1]) }));
}
