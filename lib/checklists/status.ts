import type { RunStatus } from "./types";

// The rules that turn an item state into a run status, kept pure so they are tested on their own.

/**
 * A run is complete when every required item's latest row is a tick. Optional items never hold
 * it back; a run with no required items is complete once anything in it is ticked (an untouched
 * run is never complete).
 */
export function isComplete(requiredItems: readonly string[], ticked: ReadonlySet<string>): boolean {
  return ticked.size > 0 && requiredItems.every((id) => ticked.has(id));
}

/** Completed after the deadline; never late without a deadline. */
export function isLate(completedAt: Date | null, deadlineAt: Date | null): boolean {
  return !!completedAt && !!deadlineAt && completedAt.getTime() > deadlineAt.getTime();
}

/**
 * While its period lasts an unfinished run is "open" (or "pending" when untouched); once the
 * period has closed the same run is "partial" (or "missed"), so a past run never reads as if it
 * were still being worked on.
 */
export function runStatus(input: {
  completedAt: Date | null;
  deadlineAt: Date | null;
  tickedCount: number;
  current: boolean;
}): RunStatus {
  if (input.completedAt) return isLate(input.completedAt, input.deadlineAt) ? "late" : "done";
  if (input.tickedCount > 0) return input.current ? "open" : "partial";
  return input.current ? "pending" : "missed";
}

/**
 * How long an unfinished run has been past its deadline at `now`, in ms; null when it is not
 * overdue (completed, no deadline, or the deadline is still ahead).
 */
export function overdueMs(input: {
  deadlineAt: string | null;
  completedAt: string | null;
  now: number;
}): number | null {
  if (input.completedAt || !input.deadlineAt) return null;
  const late = input.now - new Date(input.deadlineAt).getTime();
  return late > 0 ? late : null;
}
