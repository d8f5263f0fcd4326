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
  for (const p of partsFormatter(timeZone).formatToParts(instant)) if (p.type !== "literal") out[p.type] = Number(p.value);
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
  const d = localDate(instant, timeZone);
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
