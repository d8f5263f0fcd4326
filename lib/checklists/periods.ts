import type { Cadence } from "@/lib/generated/prisma/enums.ts";

// A checklist run belongs to one period of its cadence, reckoned in the team's time zone: the
// daily run of 2026-11-25 starts at local midnight, not UTC midnight.

export interface LocalDate {
  year: number;
  month: number; // 1-12
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function localParts(instant: Date, timeZone: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of partsFormatter(timeZone).formatToParts(instant))
    if (p.type !== "literal") out[p.type] = Number(p.value);
  return out;
}

export function localDate(instant: Date, timeZone: string): LocalDate {
  const p = localParts(instant, timeZone);
  return { year: p.year!, month: p.month!, day: p.day! };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

export function formatLocalDate(d: LocalDate): string {
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

/** ISO 8601 week-numbering year and week of a calendar date. */
export function isoWeek(d: LocalDate): { year: number; week: number } {
  const date = new Date(Date.UTC(d.year, d.month - 1, d.day));
  const weekday = date.getUTCDay() || 7; // Monday = 1 … Sunday = 7
  date.setUTCDate(date.getUTCDate() + 4 - weekday); // the Thursday of this week decides the year
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return { year: date.getUTCFullYear(), week };
}

/** 2026-11-25 (daily), 2026-W48 (weekly), 2026-11 (monthly), 2026-Q4 (quarterly). */
export function periodKey(cadence: Cadence, instant: Date, timeZone: string): string {
  return periodKeyOfDate(cadence, localDate(instant, timeZone));
}

/** The key of the period a local calendar day belongs to. */
export function periodKeyOfDate(cadence: Cadence, d: LocalDate): string {
  switch (cadence) {
    case "daily":
      return formatLocalDate(d);
    case "weekly": {
      const { year, week } = isoWeek(d);
      return `${year}-W${pad(week)}`;
    }
    case "monthly":
      return `${pad(d.year, 4)}-${pad(d.month)}`;
    case "quarterly":
      return `${pad(d.year, 4)}-Q${Math.floor((d.month - 1) / 3) + 1}`;
  }
}

/**
 * The UTC instant at which a local wall-clock time occurs in `timeZone`. Resolves offsets by
 * asking Intl what the guessed instant looks like locally, twice, so DST transitions land right.
 */
export function zonedTimeToUtc(d: LocalDate, hour: number, minute: number, timeZone: string): Date {
  const wanted = Date.UTC(d.year, d.month - 1, d.day, hour, minute);
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const p = localParts(new Date(guess), timeZone);
    const seen = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
    guess += wanted - seen;
  }
  return new Date(guess);
}

export function addDays(d: LocalDate, days: number): LocalDate {
  const date = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** Days from `a` to `b` (negative when `b` is earlier). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** Reads YYYY-MM-DD; null unless it is a real calendar day. */
export function parseLocalDate(value: string): LocalDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const d = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  const check = addDays(d, 0);
  return check.year === d.year && check.month === d.month && check.day === d.day ? d : null;
}

export interface Period {
  key: string;
  /** First local day of the period. */
  start: LocalDate;
  /** Last local day of the period (inclusive). */
  end: LocalDate;
}

/** Monday of ISO week `week` of ISO year `year`. */
function isoWeekMonday(year: number, week: number): LocalDate {
  const jan4 = { year, month: 1, day: 4 };
  const weekday = new Date(Date.UTC(year, 0, 4)).getUTCDay() || 7;
  return addDays(jan4, 1 - weekday + (week - 1) * 7);
}

/** The days a period key covers; null when the key is not a valid key of that cadence. */
export function periodFromKey(cadence: Cadence, key: string): Period | null {
  switch (cadence) {
    case "daily": {
      const d = parseLocalDate(key);
      return d ? { key, start: d, end: d } : null;
    }
    case "weekly": {
      const m = /^(\d{4})-W(\d{2})$/.exec(key);
      if (!m) return null;
      const [year, week] = [Number(m[1]), Number(m[2])];
      const start = isoWeekMonday(year, week);
      if (week < 1 || isoWeek(start).year !== year || isoWeek(start).week !== week) return null;
      return { key, start, end: addDays(start, 6) };
    }
    case "monthly": {
      const m = /^(\d{4})-(\d{2})$/.exec(key);
      if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return null;
      const start = { year: Number(m[1]), month: Number(m[2]), day: 1 };
      return { key, start, end: addDays({ year: start.year, month: start.month + 1, day: 1 }, -1) };
    }
    case "quarterly": {
      const m = /^(\d{4})-Q([1-4])$/.exec(key);
      if (!m) return null;
      const start = { year: Number(m[1]), month: (Number(m[2]) - 1) * 3 + 1, day: 1 };
      return { key, start, end: addDays({ year: start.year, month: start.month + 3, day: 1 }, -1) };
    }
  }
}

/** The period a local day belongs to. */
export function periodOfDate(cadence: Cadence, d: LocalDate): Period {
  return periodFromKey(cadence, periodKeyOfDate(cadence, d))!;
}

/** Every period of a cadence that overlaps the local days `from`..`to` (inclusive), in order. */
export function periodsOverlapping(cadence: Cadence, from: LocalDate, to: LocalDate): Period[] {
  const periods: Period[] = [];
  if (compareLocalDates(from, to) > 0) return periods;
  let period = periodOfDate(cadence, from);
  for (;;) {
    periods.push(period);
    const next = addDays(period.end, 1);
    if (compareLocalDates(next, to) > 0) return periods;
    period = periodOfDate(cadence, next);
  }
}

/**
 * When a period's run is due: the runbook's `deadline` (HH:MM, local time) on the period's last
 * day — for a daily checklist that is the day itself; a weekly one is due by that time on Sunday.
 */
export function periodDeadline(period: Period, deadline: string, timeZone: string): Date {
  const [hour, minute] = deadline.split(":").map(Number) as [number, number];
  return zonedTimeToUtc(period.end, hour, minute, timeZone);
}

/** "2026-11-25 09:12:03": the wall-clock time of an instant in a time zone (for exports). */
export function formatLocalDateTime(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${formatLocalDate({ year: p.year!, month: p.month!, day: p.day! })} ${pad(p.hour!)}:${pad(p.minute!)}:${pad(p.second!)}`;
}
