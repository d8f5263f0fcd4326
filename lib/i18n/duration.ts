import type { Locale } from "@/lib/i18n/messages";

// An elapsed time in the largest unit that still reads naturally ("25 min", "4 h", "2 dias"),
// spelled by Intl for the reader's language. Rounded down: "late by 4 h" stays true until 5 h.

const formats = new Map<string, Intl.NumberFormat>();

function unitFormat(locale: Locale, unit: "minute" | "hour" | "day"): Intl.NumberFormat {
  const key = `${locale}:${unit}`;
  let format = formats.get(key);
  if (!format)
    formats.set(key, (format = new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "short" })));
  return format;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function formatElapsed(ms: number, locale: Locale): string {
  if (ms < HOUR) return unitFormat(locale, "minute").format(Math.max(1, Math.floor(ms / MINUTE)));
  if (ms < 2 * DAY) return unitFormat(locale, "hour").format(Math.floor(ms / HOUR));
  return unitFormat(locale, "day").format(Math.floor(ms / DAY));
}
