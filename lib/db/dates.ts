// A day typed in a URL (?from=2026-11-01) becomes a timestamp in a query. "2026-02-30" matches
// AAAA-MM-DD but is no day (Date rolls it over), and PostgreSQL has no year 0 — both would fail
// the query with a 500. This is the one check every such filter uses.

const DAY = /^(\d{4})-\d{2}-\d{2}$/;

/** True for a real calendar day, AAAA-MM-DD, from year 1 to 9999. */
export function isStorableDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match || Number(match[1]) < 1) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
}
