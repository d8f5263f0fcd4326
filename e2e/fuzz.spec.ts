import { expect, test } from "@playwright/test";
import { config } from "@/lib/config";
import { createPrismaClient } from "@/lib/db/client";
import { builtServerActions, discoverAppRoutes } from "./support/discover";
import { E2E_BASE_URL } from "./support/auth";
import { FuzzClient, SessionJar } from "./support/fuzz/client";
import { createFuzzContext, fuzzUser, signIn } from "./support/fuzz/context";
import { BOARD_API_PREFIX, boardWriteRoutes } from "./support/fuzz/endpoints/bull-board";
import { fuzzEndpoints } from "./support/fuzz/endpoints";
import { NEXT_ACTION_COVERS } from "./support/fuzz/endpoints/next-action";
import { PWNED_MARK, SCRIPT_PAYLOADS } from "./support/fuzz/hostile";
import { armContext, inspect } from "./support/fuzz/inert";
import { casesFor, formatReport, fuzzAll, fuzzSettings } from "./support/fuzz/runner";

// Bad input: every endpoint and form, and Next's action protocol on every page, gets
// hostile requests over HTTP from the real portal (FUZZ_RUNS cases each, default 1000); none may
// answer 5xx, every 4xx says why, and what was accepted renders inert afterwards. Runs as its own
// Playwright project, after every other spec (playwright.config.ts): it writes a lot into the
// shared e2e database and queues.

/** Served by Express, not by app/: the login form posts here. */
const EXPRESS_ENDPOINTS = ["POST /api/auth/sign-in/email"];
/** Answered by Next.js itself on every page: its server action protocol. */
const NEXT_ENDPOINTS = [NEXT_ACTION_COVERS];

test("no server actions: Next.js answers 500 for an action body it cannot decode (docs/adr/0004-no-server-actions.md)", () => {
  expect(
    builtServerActions(),
    "server actions in .next/server/server-reference-manifest.json (write a route handler instead)",
  ).toEqual([]);
});

test("every route, query-reading page and Bull Board write has a fuzz entry", () => {
  const routes = discoverAppRoutes();
  const required = [
    ...routes.filter((r) => r.kind === "route").map((r) => `${r.method} ${r.pattern}`),
    ...routes.filter((r) => r.kind === "page" && r.readsSearchParams).map((r) => `GET ${r.pattern}`),
    ...boardWriteRoutes().map((r) => `${r.method} ${BOARD_API_PREFIX}${r.route}`),
    ...EXPRESS_ENDPOINTS,
    ...NEXT_ENDPOINTS,
  ];
  const covered = new Set(fuzzEndpoints().map((e) => e.covers));
  expect(
    required.filter((key) => !covered.has(key)),
    "endpoints without a fuzz entry (add one under e2e/support/fuzz/endpoints/)",
  ).toEqual([]);
  expect(
    [...covered].filter((key) => !required.includes(key)),
    "fuzz entries for endpoints that no longer exist",
  ).toEqual([]);
  const names = fuzzEndpoints().map((e) => e.name);
  expect(
    names.filter((n, i) => names.indexOf(n) !== i),
    "duplicate fuzz entry names",
  ).toEqual([]);
});

test("hostile input never gets a 5xx, and every 4xx says what was wrong", async () => {
  const settings = fuzzSettings();
  test.setTimeout(45 * 60_000);
  test.info().annotations.push({ type: "fuzz seed", description: `FUZZ_SEED=${settings.seed}` });
  console.log(
    `fuzz: seed ${settings.seed} — replay with FUZZ_SEED=${settings.seed} (add FUZZ_ONLY="<endpoint>" for one endpoint)`,
  );
  const ctx = await createFuzzContext(E2E_BASE_URL);
  const started = Date.now();
  try {
    const results = await fuzzAll(ctx, fuzzEndpoints(), settings, (r) =>
      console.log(`fuzz: ${r.name} — ${r.cases} cases, ${(r.ms / 1000).toFixed(1)} s${r.failure ? " FAILED" : ""}`),
    );
    const report = formatReport(results, settings, Date.now() - started);
    console.log(report);
    await test.info().attach("fuzz-report.txt", { body: report, contentType: "text/plain" });
    const failures = results.flatMap((r) => (r.failure ? [r.failure] : []));
    for (const failure of failures) console.log(`\nfuzz failure — ${failure}`);
    expect(failures, `5xx or malformed answers (seed ${settings.seed})`).toEqual([]);
    const planned = new Map(fuzzEndpoints().map((e) => [e.name, casesFor(e, settings)]));
    expect(
      results
        .filter((r) => r.cases < planned.get(r.name)!)
        .map((r) => `${r.name}: ${r.cases} of ${planned.get(r.name)} cases`),
    ).toEqual([]);
  } finally {
    ctx.client.close();
  }
});

test("the stored-script check notices a payload shown unescaped, and only then", async ({ browser }) => {
  // Proof that the check below can fail: the same payloads, once raw and once escaped.
  const escape = (text: string) =>
    text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  const page = (raw: boolean) =>
    `<!doctype html><body>${SCRIPT_PAYLOADS.map((p) => `<p>${raw ? p : escape(p)}</p>`).join("")}</body>`;
  const context = await browser.newContext();
  try {
    await armContext(context);
    await context.route("http://fuzz.invalid/**", (route) =>
      route.fulfill({ contentType: "text/html", body: page(route.request().url().endsWith("/raw")) }),
    );
    const tab = await context.newPage();
    expect((await inspect(tab, "http://fuzz.invalid/raw")).findings.length).toBeGreaterThan(0);
    expect((await inspect(tab, "http://fuzz.invalid/escaped")).findings).toEqual([]);
  } finally {
    await context.close();
  }
});

/** The pages that show what the fuzz stored: titles, notes, reasons, tick notes, alert titles, names, audit labels. */
async function pagesShowingStoredValues(): Promise<string[]> {
  const prisma = createPrismaClient(config().DATABASE_URL);
  try {
    const incidents = await prisma.incident.findMany({
      where: { OR: [{ title: { contains: PWNED_MARK } }, { timeline: { some: { body: { contains: PWNED_MARK } } } }] },
      orderBy: { openedAt: "desc" },
      take: 6,
      select: { id: true },
    });
    const runs = await prisma.checklistRun.findMany({
      where: { ticks: { some: { note: { contains: PWNED_MARK } } } },
      orderBy: { createdAt: "desc" },
      take: 2,
      select: { id: true, runbookSlug: true },
    });
    return [
      "/",
      "/incidents",
      "/incidents/reports",
      ...incidents.map((i) => `/incidents/${i.id}`),
      ...runs.flatMap((r) => [`/runbooks/${r.runbookSlug}`, `/history/checklists/runs/${r.id}`]),
      "/runbooks/03-alerta-job-na-dlq",
      "/history/checklists",
      "/audit",
      ...["auth.sign_in_failed", "incident.", "job.", "bullboard.", "checklist.", "user."].map(
        (a) => `/audit?action=${encodeURIComponent(a)}`,
      ),
      "/admin/users",
      ...config().queues.flatMap((q) => [
        `/admin/queues/queue/${q.name}`,
        ...(q.dlq ? [`/admin/queues/queue/${q.dlq}`] : []),
      ]),
    ];
  } finally {
    await prisma.$disconnect();
  }
}

test("what the fuzz stored renders as inert text on every page that shows it", async ({ browser }) => {
  test.setTimeout(10 * 60_000);
  const settings = fuzzSettings();
  const prisma = createPrismaClient(config().DATABASE_URL);
  try {
    // Without stored payloads this test would prove nothing: the fuzz must have got some through.
    if (!settings.only) {
      const stored = {
        incidentTitles: await prisma.incident.count({ where: { title: { contains: PWNED_MARK } } }),
        timelineEntries: await prisma.timelineEntry.count({ where: { body: { contains: PWNED_MARK } } }),
        tickNotes: await prisma.checklistTick.count({ where: { note: { contains: PWNED_MARK } } }),
        // Not audit labels: they are the actor's e-mail (validated), no longer a display name a
        // payload could ride in on; /audit is still opened below with whatever else it shows.
      };
      console.log(`fuzz: stored values carrying a payload: ${JSON.stringify(stored)}`);
      for (const [what, count] of Object.entries(stored))
        expect(count, `${what} with a script payload`).toBeGreaterThan(0);
    }
  } finally {
    await prisma.$disconnect();
  }

  const client = new FuzzClient(E2E_BASE_URL, new SessionJar());
  await signIn(client, await fuzzUser("admin"));
  const cookies = client.sessions.cookies("admin", E2E_BASE_URL);
  client.close();
  const urls = await pagesShowingStoredValues();
  const failures: string[] = [];
  // With the CSP bypassed, an unescaped payload runs: this checks the escaping itself, not the
  // CSP that would otherwise hide a mistake.
  const context = await browser.newContext({ baseURL: E2E_BASE_URL, bypassCSP: true });
  try {
    await armContext(context);
    await context.addCookies(cookies);
    const page = await context.newPage();
    for (const url of urls) {
      const verdict = await inspect(page, url);
      if (verdict.status !== null && verdict.status >= 500) failures.push(`${url}: ${verdict.status}`);
      for (const finding of verdict.findings) failures.push(`${url}: ${finding}`);
    }
    // The login page reflects `next` into its form: signed out, with a payload.
    await context.clearCookies();
    const login = await inspect(
      page,
      `/login?next=${encodeURIComponent(`/"><img src=x onerror="window.${PWNED_MARK}=1">`)}`,
    );
    for (const finding of login.findings) failures.push(`${login.url}: ${finding}`);
  } finally {
    await context.close();
  }
  console.log(`fuzz: ${urls.length + 1} pages checked for stored scripts`);
  expect(failures).toEqual([]);
});
