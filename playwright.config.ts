import { defineConfig, devices } from "@playwright/test";

// The e2e run is prepared by scripts/test.ts: it builds the app, creates a throw-away database
// and Redis prefix, and passes them here through the environment.
const port = Number(process.env.E2E_PORT ?? 3199);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"] }, testIgnore: /fuzz\.spec\.ts$/ },
    { name: "phone", use: { ...devices["Pixel 7"] }, grep: /@mobile/, testIgnore: /fuzz\.spec\.ts$/ },
    // Listed last so it runs last (one worker runs the projects in this order): the fuzz writes
    // thousands of rows and empties queues in the e2e database and Redis prefix the others share.
    { name: "fuzz", use: { ...devices["Desktop Chrome"] }, testMatch: /fuzz\.spec\.ts$/ },
  ],
  webServer: {
    command: "node --import tsx server.ts",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
    env: { ...(process.env as Record<string, string>), NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1" },
  },
});
