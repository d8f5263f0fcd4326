// Live channel of one incident. Every new timeline entry is published there as an "entry" event
// (the entry plus the incident's new summary); viewers add entries they do not have yet by id.

export const ENTRY_EVENT = "entry";
/** Sent first on every (re)connection: the whole IncidentView. */
export const SNAPSHOT_EVENT = "snapshot";

export function incidentChannel(incidentId: string): string {
  return `incident:${incidentId}`;
}
