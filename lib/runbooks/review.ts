import { config } from "../config";
import type { ReviewInterval, RunbookMeta } from "./schema";

// "Review overdue": a runbook reviewed on `review.last` is due again `review.every` later.
// Dates are calendar days (YYYY-MM-DD) compared as strings, so no time zone can shift them;
// a `Date` for "today" is first turned into the calendar day of the given time zone.

const MONTHS: Record<ReviewInterval, number> = { monthly: 1, quarterly: 3, semiannual: 6, yearly: 12 };

/** `last` plus the interval; the day is clamped to the month's end (Nov 30 + 3 months → Feb 28). */
export function reviewDueDate(review: RunbookMeta["review"]): string {
  const [year, month, day] = review.last.split("-").map(Number) as [number, number, number];
  const targetMonth = month - 1 + MONTHS[review.every];
  const lastDay = new Date(Date.UTC(year, targetMonth + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, targetMonth, Math.min(day, lastDay))).toISOString().slice(0, 10);
}

// One formatter per zone: building one costs far more than using it, and the library formats
// every runbook's due date on each request.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) `date` falls on in `timeZone`. */
export function calendarDay(date: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  // en-CA formats as YYYY-MM-DD.
  if (!format)
    dayFormats.set(
      timeZone,
      (format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })),
    );
  return format.format(date);
}

/**
 * True once `today` is past the due date. `today` is a YYYY-MM-DD string, or a Date read in
 * `timeZone` (default: the portal's configured TIMEZONE).
 */
export function reviewOverdue(meta: Pick<RunbookMeta, "review">, today: string | Date, timeZone?: string): boolean {
  const day = typeof today === "string" ? today : calendarDay(today, timeZone ?? config().TIMEZONE);
  return day > reviewDueDate(meta.review);
}
