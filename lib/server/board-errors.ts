import type { HTTPStatus } from "@bull-board/api/dist/types.d.ts";
import { ErrorCode } from "bullmq";
import { logger } from "@/lib/observability/log";

// Bull Board answers 500 for whatever BullMQ throws. Some of those throws are not server faults
// but the queue changing under the operator's click: another operator resumed the queue between
// Bull Board's "is it paused?" check and BullMQ's obliterate, or a worker finished the job being
// retried. Those are conflicts (409) or a job that is gone (404), and the operator should hear so
// in their language instead of "Erro interno do servidor". Bull Board's body shape is kept
// (`error.key` its UI translates, `message` the detail).

interface BoardErrorResponse {
  status: HTTPStatus;
  /** A key Bull Board's UI translates, or, where it has none that fits, the title itself. */
  body: { error: { key: string } | string; message?: string };
}

const GONE = new Set<number>([ErrorCode.JobNotExist, ErrorCode.ParentJobNotExist]);
const ACTIVE = new Set<number>([ErrorCode.JobLockNotExist, ErrorCode.JobLockMismatch]);
const CONFLICTS = new Set<number>([
  ErrorCode.JobNotInState,
  ErrorCode.JobPendingChildren,
  ErrorCode.ParentJobCannotBeReplaced,
  ErrorCode.JobHasFailedChildren,
  ErrorCode.SchedulerJobIdCollision,
  ErrorCode.SchedulerJobSlotsBusy,
]);

const CLIENT_STATUSES: HTTPStatus[] = [400, 403, 404, 405, 409];

/** BullMQ's obliterate script refuses a queue that is not paused with only this message. */
const OBLITERATE_NOT_PAUSED = "Cannot obliterate non-paused queue";

const log = logger("bull-board");

/** Bull Board's error handler, with BullMQ's state refusals answered as 404/409. */
export function boardErrorResponse(error: Error & { code?: unknown; statusCode?: unknown }): BoardErrorResponse {
  const code = typeof error.code === "number" ? error.code : null;
  if (error.message === OBLITERATE_NOT_PAUSED) {
    return {
      status: 409,
      body: {
        error: { key: "ERRORS.QUEUE_NOT_PAUSED" },
        message: "A fila foi retomada enquanto era obliterada; pause-a e tente de novo.",
      },
    };
  }
  if (code !== null && GONE.has(code)) {
    return {
      status: 404,
      body: { error: { key: "ERRORS.JOB_NOT_FOUND" }, message: `O job não existe mais (${error.message}).` },
    };
  }
  if (code !== null && ACTIVE.has(code)) {
    return {
      status: 409,
      body: {
        error: { key: "ERRORS.JOB_IS_ACTIVE" },
        message: `Um worker está processando o job; espere terminar (${error.message}).`,
      },
    };
  }
  if (code === ErrorCode.JobBelongsToJobScheduler) {
    return { status: 409, body: { error: { key: "ERRORS.JOB_BELONGS_TO_JOB_SCHEDULER" }, message: error.message } };
  }
  if (code !== null && CONFLICTS.has(code)) {
    return {
      status: 409,
      body: {
        error: "O job mudou de estado durante a ação",
        message: `Recarregue a página e tente de novo (${error.message}).`,
      },
    };
  }
  // Errors that carry their own 4xx (body-parser's, say) keep it, as Bull Board's handler does.
  const status = CLIENT_STATUSES.find((s) => s === error.statusCode) ?? 500;
  if (status === 500) log.error({ err: error }, "Bull Board request failed");
  return { status, body: { error: { key: "ERRORS.INTERNAL_SERVER_ERROR" }, message: error.message } };
}
