import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { NextFunction, Request, Response, Router } from "express";
import type { Queue } from "bullmq";
import { recordAuditInBackground } from "@/lib/audit/audit";
import { can } from "@/lib/auth/permissions";
import { config, type MonitoredQueue } from "@/lib/config";
import { guardRailNotice, type GuardRails } from "@/lib/queues/guard-rails";
import { boardGuard } from "@/lib/server/board-guard";
import { boardErrorResponse } from "@/lib/server/board-errors";
import { validateBoardWrites } from "@/lib/server/board-input";

export const BULL_BOARD_PATH = "/admin/queues";

// The board is a separate single-page app with no portal chrome: this is its only way back.
export const PORTAL_LINK = { text: "Voltar ao portal", url: "/" };

// Nothing consumes a DLQ by design, so the board's "no workers" warning would be a false alarm on
// every DLQ. Answering null ("not applicable") is what the board leaves unflagged.
class DeadLetterQueueAdapter extends BullMQAdapter {
  override getWorkers(): Promise<null> {
    return Promise.resolve(null);
  }
}

function describe(base: string | undefined, notice: string | null): string | undefined {
  return [base, notice].filter(Boolean).join(" · ") || undefined;
}

function boardRouter(
  monitored: MonitoredQueue[],
  queues: Map<string, Queue>,
  readOnlyMode: boolean,
  rails: GuardRails,
): Router {
  const serverAdapter = new ExpressAdapter();
  // Must equal the mount path, or the UI loads its assets from the wrong place and shows "Loading…".
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  const adapters: BullMQAdapter[] = [];
  for (const q of monitored) {
    const queue = queues.get(q.name);
    // Bull Board hides buttons only per queue (readOnlyMode, allowRetries), too coarse for the
    // guard-rails: the description says which ones the server refuses.
    if (queue)
      adapters.push(
        new BullMQAdapter(queue, {
          readOnlyMode,
          displayName: q.displayName,
          description: describe(
            q.dlq ? `DLQ: ${q.dlq}` : undefined,
            readOnlyMode ? null : guardRailNotice(rails, q.name),
          ),
        }),
      );
    const dlq = q.dlq ? queues.get(q.dlq) : undefined;
    if (dlq)
      adapters.push(
        new DeadLetterQueueAdapter(dlq, {
          readOnlyMode,
          displayName: `${q.displayName} — DLQ`,
          description: describe(
            `Jobs de ${q.name} que esgotaram as tentativas`,
            readOnlyMode ? null : guardRailNotice(rails, q.dlq!),
          ),
        }),
      );
  }
  createBullBoard({
    queues: adapters,
    serverAdapter,
    options: { uiConfig: { boardTitle: "Filas — Portal de Operações", miscLinks: [PORTAL_LINK] } },
  });
  // After createBullBoard, which installs its own: the adapter reads the handler per request.
  serverAdapter.setErrorHandler(boardErrorResponse);
  return serverAdapter.getRouter() as Router;
}

const JOB_ACTIONS = new Set([
  "retry",
  "clean",
  "promote",
  "update-data",
  "delay",
  "priority",
  "remove-unprocessed-children",
]);

/** What a Bull Board write request does, for the audit log (paths as in @bull-board/api routes). */
export function describeBoardWrite(path: string): { queue: string; jobId?: string; action: string; status?: string } {
  const match = /^\/api\/queues\/(.+?)\/?$/.exec(path);
  if (!match) return { queue: "*", action: path };
  const segments = match[1]!.split("/").map(decodeURIComponent);
  if (segments.length >= 3 && JOB_ACTIONS.has(segments[2]!))
    return { queue: segments[0]!, jobId: segments[1], action: segments[2]! };
  if (segments.length >= 2)
    return {
      queue: segments[0]!,
      action: segments
        .slice(1)
        .filter((s, i) => i === 0 || !/^(failed|completed|delayed|waiting|active|prioritized|paused)$/.test(s))
        .join("/"),
      status: segments.find(
        (s, i) => i >= 2 && /^(failed|completed|delayed|waiting|active|prioritized|paused)$/.test(s),
      ),
    };
  return { queue: "*", action: segments[0]! };
}

/**
 * Two boards over the same queues: operators and above get the writable one, everyone else a
 * read-only board (Bull Board itself answers 405 to their writes and shows no buttons). Each
 * successful write is recorded in the audit log.
 */
export function bullBoard(
  monitored: MonitoredQueue[],
  queues: Map<string, Queue>,
  rails: GuardRails = config().guardRails,
) {
  const readOnly = boardRouter(monitored, queues, true, rails);
  const writable = boardRouter(monitored, queues, false, rails);
  const guard = boardGuard(
    rails,
    monitored.flatMap((q) => (q.dlq ? [q.name, q.dlq] : [q.name])),
  );
  return (req: Request, res: Response, next: NextFunction): void => {
    const user = req.user;
    if (!user) {
      res.status(401).json({ error: "Faça login para continuar." });
      return;
    }
    const mayWrite = can(user.role, "jobs:act");
    if (!mayWrite && req.method !== "GET" && req.method !== "HEAD") {
      res.status(403).json({ error: "Seu papel permite apenas consultar as filas." });
      return;
    }
    if (mayWrite && req.method !== "GET" && req.method !== "HEAD") {
      const write = describeBoardWrite(req.path);
      res.on("finish", () => {
        if (res.statusCode >= 400) return;
        recordAuditInBackground({
          actor: { id: user.id, label: user.email },
          action: `bullboard.${write.action}`,
          targetType: write.jobId ? "job" : "queue",
          targetId: write.jobId ? `${write.queue}/${write.jobId}` : write.queue,
          data: {
            queue: write.queue,
            jobId: write.jobId ?? null,
            status: write.status ?? null,
            method: req.method,
            path: req.path,
          },
        });
      });
    }
    if (mayWrite) guard(req, res, () => validateBoardWrites(req, res, () => writable(req, res, next)));
    else readOnly(req, res, next);
  };
}
