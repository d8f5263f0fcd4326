import type { Locale } from "@/lib/i18n/messages";

// Display helpers shared by the server render and the browser. Times are formatted in the
// portal's TIMEZONE (passed in, never the browser's) and assembled from parts, so the HTML the
// server sends and the browser's first render are identical (no hydration mismatch).

/** Replaces `{name}` in a message with the given values. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

const formatters = new Map<string, Intl.DateTimeFormat>();

// Building an Intl formatter costs far more than using one, and panels format every job's time.
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter) return formatter;
  formatter = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
  formatters.set(timeZone, formatter);
  return formatter;
}

function parts(iso: string, timeZone: string): Record<string, string> | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
}

/** "14:03:22" */
export function formatClock(iso: string, timeZone: string): string {
  const p = parts(iso, timeZone);
  return p ? `${p.hour}:${p.minute}:${p.second}` : "—";
}

/** "26/11/2026 14:03:22" (pt-BR) or "2026-11-26 14:03:22" (en). */
export function formatDateTime(iso: string, timeZone: string, locale: Locale): string {
  const p = parts(iso, timeZone);
  if (!p) return "—";
  const day = locale === "pt-BR" ? `${p.day}/${p.month}/${p.year}` : `${p.year}-${p.month}-${p.day}`;
  return `${day} ${p.hour}:${p.minute}:${p.second}`;
}

/** A YYYY-MM-DD calendar day in the reader's format. */
export function formatDay(day: string, locale: Locale): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match || locale !== "pt-BR") return day;
  return `${match[3]}/${match[2]}/${match[1]}`;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: Locale, maximumFractionDigits: number): Intl.NumberFormat {
  const key = `${locale}:${maximumFractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, { maximumFractionDigits })));
  return format;
}

/** Integers with the reader's grouping ("5.000" / "5,000"). */
export function formatCount(n: number, locale: Locale): string {
  return numberFormat(locale, 0).format(n);
}

/** "812,3" / "812.3" with at most one decimal. */
export function formatDecimal(n: number, locale: Locale, digits = 1): string {
  return numberFormat(locale, digits).format(n);
}

/** "2026-11-26 17:03:22 UTC": the same instant for a reader in another zone (tooltips). */
export function utcTitle(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** "−03:00" for America/Sao_Paulo at that instant ("+00:00" for UTC). */
export function zoneOffset(timeZone: string, at: Date = new Date()): string {
  const name =
    new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const offset = name.replace(/^GMT/, "") || "+00:00";
  return offset.replace("-", "\u2212");
}
