import { appRoutes } from "@bull-board/api/dist/routes.js";
import { Router, type NextFunction, type Request, type Response } from "express";
import { recordAuditInBackground } from "@/lib/audit/audit";
import { boardRefusal, type GuardRails, type QueueAction, type Refusal } from "@/lib/queues/guard-rails";

// The queue guard-rails in front of Bull Board. Bull Board's own route table is matched by an
// Express router built from it, in its order, so a request is classified exactly as Bull Board
// will route it: case-insensitive literals, a trailing slash, percent-encoded queue names, and
// "/payments/retry/retry" being a Retry all (registered first), not the retry of job "retry".

/** Bull Board's write routes and what each does to its queue (":queueName"), or to every queue. */
export const BOARD_WRITE_ACTIONS: Record<string, { actions: QueueAction[]; everyQueue?: boolean } | null> = {
  "/api/queues/pause": { actions: ["pause"], everyQueue: true },
  "/api/queues/resume": { actions: ["resume"], everyQueue: true },
  "/api/queues/:queueName/add": { actions: ["add", "duplicate"] },
  "/api/queues/:queueName/retry/:queueStatus": { actions: ["retry-all"] },
  "/api/queues/:queueName/promote": { actions: ["promote-all"] },
  "/api/queues/:queueName/clean/:queueStatus": { actions: ["clean"] },
  "/api/queues/:queueName/pause": { actions: ["pause"] },
  "/api/queues/:queueName/resume": { actions: ["resume"] },
  "/api/queues/:queueName/concurrency": { actions: ["concurrency"] },
  "/api/queues/:queueName/rate-limit": { actions: ["rate-limit"] },
  "/api/queues/:queueName/rate-limit/release": { actions: ["rate-limit"] },
  "/api/queues/:queueName/empty": { actions: ["empty"] },
  "/api/queues/:queueName/obliterate": { actions: ["obliterate"] },
  "/api/queues/:queueName/job-schedulers/:schedulerId/remove": { actions: ["scheduler"] },
  "/api/queues/:queueName/job-schedulers/:schedulerId": { actions: ["scheduler"] },
  "/api/queues/:queueName/job-schedulers/:schedulerId/run": { actions: ["scheduler"] },
  "/api/queues/:queueName/:jobId/retry": { actions: ["retry"] },
  "/api/queues/:queueName/:jobId/clean": { actions: ["discard"] },
  "/api/queues/:queueName/:jobId/promote": { actions: ["promote"] },
  "/api/queues/:queueName/:jobId/update-data": { actions: ["update-data"] },
  "/api/queues/:queueName/:jobId/delay": { actions: ["delay"] },
  "/api/queues/:queueName/:jobId/priority": { actions: ["priority"] },
  "/api/queues/:queueName/:jobId/remove-unprocessed-children": { actions: ["remove-children"] },
  // Not about a queue (and only present with a history provider, which the portal has none of).
  "/api/metrics/history/purge": null,
};

interface Matched {
  route: string;
  queueName?: string;
  jobId?: string;
}

const WRITE_METHODS = new Set(["post", "put", "patch", "delete"]);

/** Bull Board's write routes that this table does not know: a Bull Board upgrade added one. */
export function unmappedBoardWrites(): string[] {
  return appRoutes.api.flatMap((r) =>
    [r.method].flat().some((m) => WRITE_METHODS.has(m))
      ? [r.route].flat().filter((path) => !(path in BOARD_WRITE_ACTIONS))
      : [],
  );
}

function classifier(): Router {
  const router = Router();
  for (const route of appRoutes.api) {
    for (const method of [route.method].flat()) {
      for (const path of [route.route].flat()) {
        router[method as "get"](path, (req: Request, res: Response, next: NextFunction) => {
          const params = req.params as Record<string, string | undefined>;
          // The first route that matches is the one Bull Board runs; later ones must not override it.
          res.locals.boardRoute ??= { route: path, queueName: params.queueName, jobId: params.jobId } satisfies Matched;
          next();
        });
      }
    }
  }
  return router;
}

/** The refusal for a Bull Board request, or null when the guard-rails let it through. */
function refusalFor(
  rails: GuardRails,
  boardQueues: string[],
  matched: Matched | undefined,
): (Pick<Refusal, "kind" | "queue" | "message"> & { action: string }) | null {
  if (!matched) return null;
  const mapped = BOARD_WRITE_ACTIONS[matched.route];
  // A write route this table does not know (a Bull Board upgrade): refused rather than guessed.
  if (mapped === undefined)
    return {
      kind: "refused",
      queue: matched.queueName ?? "*",
      action: matched.route,
      message: "Ação do Bull Board não reconhecida pelas proteções das filas: bloqueada.",
    };
  if (mapped === null) return null;
  const queues = mapped.everyQueue ? boardQueues : matched.queueName ? [matched.queueName] : [];
  for (const queue of queues) {
    const refusal = boardRefusal(rails, queue, mapped.actions);
    if (refusal) return refusal;
  }
  return null;
}

/**
 * Middleware for Bull Board's writes: a request the guard-rails refuse is answered 403 with the
 * runbook's rule, recorded in the audit log as refused, and never reaches Bull Board.
 */
export function boardGuard(rails: GuardRails, boardQueues: string[]) {
  const classify = classifier();
  return (req: Request, res: Response, next: NextFunction): void => {
    // Only writes are classified (an OPTIONS would be answered by the classifier's own router).
    if (!WRITE_METHODS.has(req.method.toLowerCase()) || Object.keys(rails).length === 0) return next();
    classify(req, res, (err?: unknown) => {
      if (err && err !== "router" && err !== "route") return next(err);
      const matched = res.locals.boardRoute as Matched | undefined;
      delete res.locals.boardRoute;
      const refusal = refusalFor(rails, boardQueues, matched);
      if (!refusal) return next();
      const user = req.user;
      recordAuditInBackground({
        actor: { id: user?.id ?? null, label: user?.email ?? "anônimo" },
        action: "bullboard.refused",
        targetType: matched?.jobId ? "job" : "queue",
        targetId: matched?.jobId ? `${refusal.queue}/${matched.jobId}` : refusal.queue,
        data: {
          queue: refusal.queue,
          action: refusal.action,
          rule: refusal.kind,
          method: req.method,
          path: req.path,
          jobId: matched?.jobId ?? null,
        },
      });
      res.status(403).json({ error: refusal.message });
    });
  };
}
