// Live channel of a checklist run. Each saved tick is published there as a "tick" event whose
// data is the TickResult (the row, the item's new state, the run's progress); viewers apply an
// event only if its `tick.at` is newer than what they show, so out-of-order delivery is harmless.

export const TICK_EVENT = "tick";
/** A note saved or edited on its own; data is the NoteView. */
export const NOTE_EVENT = "note";
/** Sent first on every (re)connection of a run's stream: the whole RunState. */
export const SNAPSHOT_EVENT = "snapshot";

export function runChannel(runId: string): string {
  return `checklist-run:${runId}`;
}
