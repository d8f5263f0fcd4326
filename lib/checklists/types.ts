import type { Cadence, Role, TickAction } from "@/lib/generated/prisma/enums.ts";

// Shapes the checklist domain returns. They are plain JSON (dates as ISO strings) so the same
// object serves a server component, a route handler's body and a live event.

/** Who is acting; route handlers pass the signed-in user. */
export interface Actor {
  id: string;
  role: Role;
}

export interface PersonRef {
  id: string;
  name: string;
}

/** One row of an item's history. */
export interface TickView {
  id: string;
  runId: string;
  itemId: string;
  action: TickAction;
  /** ISO 8601 instant. */
  at: string;
  actor: PersonRef;
  note: string | null;
  evidence: Record<string, unknown> | null;
}

export interface ItemState {
  id: string;
  /** Text from the current runbook; null when the runbook no longer has the item. */
  text: string | null;
  required: boolean;
  /** The latest row is a tick. */
  ticked: boolean;
  /** The latest row (tick or untick), or null when the item was never touched. */
  last: TickView | null;
}

/**
 * done: completed by the deadline (or no deadline); late: completed after it; open: the current
 * period, some items ticked, not complete; partial: a past period left with some items ticked;
 * missed: a past period with nothing ticked (or no run at all); pending: the current period,
 * nothing ticked yet.
 */
export type RunStatus = "done" | "late" | "open" | "partial" | "missed" | "pending";

export interface RunProgress {
  requiredTotal: number;
  requiredTicked: number;
  complete: boolean;
  completedAt: string | null;
  completedBy: PersonRef | null;
  late: boolean;
  status: RunStatus;
}

export interface RunState {
  id: string;
  runbookSlug: string;
  runbookVersion: string;
  cadence: Cadence;
  periodKey: string;
  /** First and last local day of the period, YYYY-MM-DD. */
  periodStart: string;
  periodEnd: string;
  deadlineAt: string | null;
  /** Past periods are read-only. */
  readOnly: boolean;
  createdAt: string;
  /** The first tick, if any. */
  startedAt: string | null;
  progress: RunProgress;
  items: ItemState[];
  /** Notes saved on their own, oldest first (an emptied note stays, with empty text). */
  notes: NoteView[];
}

export type TickOutcome =
  /** A new row was written. */
  | "created"
  /** The idempotency key was seen before: nothing written, the first call's row is returned. */
  | "replayed"
  /** The item already was in the requested state (another tab, another operator): nothing written. */
  | "unchanged";

export interface TickResult {
  outcome: TickOutcome;
  /** The row written (created), the first call's row (replayed), or the item's latest row (unchanged). */
  tick: TickView | null;
  item: ItemState;
  progress: RunProgress;
}

/** A note on an item, saved on its own; only its author edits it. */
export interface NoteView {
  id: string;
  runId: string;
  itemId: string;
  author: PersonRef;
  text: string;
  /** ISO 8601 instants; updatedAt is later than createdAt once the note was edited. */
  createdAt: string;
  updatedAt: string;
}

export type NoteOutcome =
  /** The note did not exist: written, with its first edit. */
  | "created"
  /** The author changed its text: updated, the edit recorded. */
  | "edited"
  /** The idempotency key was seen before: nothing written. */
  | "replayed"
  /** The text was already this: nothing written. */
  | "unchanged";

export interface NoteResult {
  outcome: NoteOutcome;
  note: NoteView;
}
