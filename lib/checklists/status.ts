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

export function runStatus(input: { completedAt: Date | null; deadlineAt: Date | null; tickedCount: number; current: boolean }): RunStatus {
  if (input.completedAt) return isLate(input.completedAt, input.deadlineAt) ? "late" : "done";
  if (input.tickedCount > 0) return "partial";
  return input.current ? "pending" : "missed";
}
