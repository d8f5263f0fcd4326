import { randomUUID } from "node:crypto";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import type { RunDetail } from "@/lib/checklists/history";
import type { RunState, TickResult } from "@/lib/checklists/types";
import { createPrismaClient } from "@/lib/db/client";
import { createTestDatabase } from "@/tests/helpers/database";
import { ensureUser, signInRequest } from "./support/auth";
import { openRun } from "./support/checklist-api";
import { startPortal, type PortalProcess } from "./support/processes";

// Fault: the portal process is SIGKILLed in the middle of a burst of ticks. A 2xx is the portal's
// promise that the tick is stored, so after a restart every acknowledged tick must be in the
// database and in the API, and a tick whose answer was lost must, retried with its idempotency
// key, end up stored exactly once (replayed if it had been committed, created if not).
//
// Lanes: one per (run, item), each owned by one operator, sending tick, untick, tick… one after
// the other, so every request is a real change (outcome "created") and the item's final state is
// known. All lanes run at once across four checklists' runs and four operators. The kill comes
// once enough ticks were acknowledged while others are still in flight; the test fails if it
// did not see both, since it would then prove nothing.

const CHECKLISTS = [
  "01-monitoramento-diario",
  "21-manutencao-semanal",
  "22-manutencao-mensal",
  "23-manutencao-trimestral",
];
const OPERATORS = 4;
const KILL_AFTER_ACKS = 40;

type Action = "tick" | "untick";
interface Sent {
  lane: number;
  key: string;
  runId: string;
  itemId: string;
  action: Action;
  operator: number;
  state: "in-flight" | "acknowledged" | "lost";
  tickId?: string;
}

async function signedIn(
  baseURL: string,
  label: string,
  databaseUrl: string,
  role: "operator" | "manager" = "operator",
): Promise<APIRequestContext> {
  const user = await ensureUser(role, label, databaseUrl);
  const context = await playwrightRequest.newContext();
  await signInRequest(context, user, baseURL);
  return context;
}

function postTick(context: APIRequestContext, base: string, sent: Pick<Sent, "runId" | "itemId" | "action" | "key">) {
  return context.post(`${base}/api/checklists/runs/${sent.runId}/ticks`, {
    headers: { origin: base },
    data: { itemId: sent.itemId, action: sent.action, note: `burst ${sent.key.slice(0, 8)}`, idempotencyKey: sent.key },
    timeout: 30_000,
  });
}

test("SIGKILL during a burst of ticks: after a restart every acknowledged tick is stored, and an unanswered one retried with its key is stored once", async () => {
  test.setTimeout(300_000);
  const database = await createTestDatabase();
  const contexts: APIRequestContext[] = [];
  let portal: PortalProcess | null = null;
  const prisma = createPrismaClient(database.url);
  try {
    portal = await startPortal({ DATABASE_URL: database.url });
    const base = portal.url;
    const port = portal.port;
    for (let i = 0; i < OPERATORS; i++) contexts.push(await signedIn(base, `kill-op-${i}`, database.url));
    const manager = await signedIn(base, "kill-manager", database.url, "manager");
    contexts.push(manager);

    const runs = await Promise.all(CHECKLISTS.map((slug) => openRun(contexts[0]!, base, slug)));
    const lanes = runs.flatMap((run) => run.items.map((item) => ({ runId: run.id, itemId: item.id })));
    expect(lanes.length).toBeGreaterThan(20);

    const sent: Sent[] = [];
    let stopping = false;
    const lane = async (index: number) => {
      const { runId, itemId } = lanes[index]!;
      const operator = index % OPERATORS;
      for (let n = 0; !stopping; n++) {
        const entry: Sent = {
          lane: index,
          key: randomUUID(),
          runId,
          itemId,
          action: n % 2 === 0 ? "tick" : "untick",
          operator,
          state: "in-flight",
        };
        sent.push(entry);
        try {
          const response = await postTick(contexts[operator]!, base, entry);
          if (!response.ok()) throw new Error(`HTTP ${response.status()}: ${await response.text()}`);
          const result = (await response.json()) as TickResult;
          // Each lane is the only writer of its item, so every answer is a real change.
          expect(result.outcome, `${itemId} ${entry.action}`).toBe("created");
          entry.state = "acknowledged";
          entry.tickId = result.tick!.id;
        } catch (err) {
          if (!stopping) throw err;
          entry.state = "lost";
          return;
        }
      }
    };
    let failure: unknown = null;
    const burst = Promise.all(lanes.map((_, i) => lane(i)));
    burst.catch((err: unknown) => {
      failure = err;
    });

    // Kill once enough were acknowledged and others are on the wire.
    const deadline = Date.now() + 120_000;
    let inFlightAtKill: Sent[] = [];
    let acknowledgedAtKill = 0;
    for (;;) {
      const acknowledged = sent.filter((s) => s.state === "acknowledged").length;
      const inFlight = sent.filter((s) => s.state === "in-flight");
      if (acknowledged >= KILL_AFTER_ACKS && inFlight.length >= 3) {
        stopping = true;
        await portal.kill();
        inFlightAtKill = inFlight;
        acknowledgedAtKill = acknowledged;
        break;
      }
      if (failure) throw failure;
      if (Date.now() > deadline)
        throw new Error(
          `burst never reached ${KILL_AFTER_ACKS} acknowledged ticks with some in flight (${acknowledged} acknowledged)`,
        );
      await new Promise((r) => setTimeout(r, 5));
    }
    await burst;
    expect(portal.process.signalCode).toBe("SIGKILL");

    const acknowledged = sent.filter((s) => s.state === "acknowledged");
    const lost = sent.filter((s) => s.state === "lost");
    test.info().annotations.push({
      type: "burst",
      description: `${lanes.length} lanes, ${acknowledged.length} acknowledged, ${lost.length} in flight at the kill`,
    });
    // A request answered in the instant of the kill counts as acknowledged, never as lost.
    expect(acknowledged.length).toBeGreaterThanOrEqual(acknowledgedAtKill);
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.every((s) => inFlightAtKill.includes(s))).toBe(true);

    // ---- Restart on the same port (sessions are in PostgreSQL: the cookies still work) ----------
    portal = await startPortal({ DATABASE_URL: database.url }, port);

    // Every acknowledged tick is in the database, as it was answered.
    const rows = await prisma.checklistTick.findMany({
      where: { idempotencyKey: { in: sent.map((s) => s.key) } },
      select: { id: true, idempotencyKey: true, action: true, itemId: true, runId: true },
    });
    const byKey = new Map(rows.map((r) => [r.idempotencyKey, r]));
    for (const s of acknowledged) {
      expect(byKey.get(s.key), `acknowledged ${s.action} of ${s.itemId} (${s.key})`).toMatchObject({
        id: s.tickId,
        action: s.action,
        itemId: s.itemId,
        runId: s.runId,
      });
    }

    // …and in the API: each run's history lists them, each item shows its lane's last change.
    for (const [index, run] of runs.entries()) {
      const slug = CHECKLISTS[index];
      const detail = await manager.get(`${base}/api/history/checklists/runs/${run.id}`);
      expect(detail.status()).toBe(200);
      const ids = new Set(((await detail.json()) as RunDetail).ticks.map((t) => t.id));
      for (const s of acknowledged.filter((a) => a.runId === run.id))
        expect(ids.has(s.tickId!), `tick ${s.tickId} in the history of ${slug}`).toBe(true);

      const { run: state } = (await (await contexts[0]!.get(`${base}/api/checklists/runs/${run.id}`)).json()) as {
        run: RunState;
      };
      for (const item of state.items) {
        const mine = sent.filter((s) => s.runId === run.id && s.itemId === item.id);
        const applied = mine.filter((s) => s.state === "acknowledged" || byKey.has(s.key));
        const expected = applied.at(-1)?.action === "tick";
        expect(item.ticked, `${slug} ${item.id}`).toBe(expected);
      }
    }

    // The unanswered ones, retried with their keys: stored exactly once either way.
    test.info().annotations.push({
      type: "unanswered",
      description: `${lost.filter((s) => byKey.has(s.key)).length} of ${lost.length} had been committed before the kill`,
    });
    for (const s of lost) {
      const committed = byKey.has(s.key);
      const retry = await postTick(contexts[s.operator]!, base, s);
      expect(retry.status(), `retry of ${s.key}`).toBe(200);
      expect(((await retry.json()) as TickResult).outcome).toBe(committed ? "replayed" : "created");
      const again = await postTick(contexts[s.operator]!, base, s);
      expect(((await again.json()) as TickResult).outcome).toBe("replayed");
      expect(await prisma.checklistTick.count({ where: { idempotencyKey: s.key } })).toBe(1);
    }
  } finally {
    for (const context of contexts) await context.dispose();
    await portal?.stop();
    await prisma.$disconnect();
    await database.drop();
  }
});
