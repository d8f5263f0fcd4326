// CSV as RFC 4180 describes it (comma, CRLF, quotes doubled), made safe to open in a spreadsheet:
// a cell a spreadsheet would read as a formula (= + - @, or a leading tab / carriage return) is
// prefixed with an apostrophe, so a note like "=HYPERLINK(...)" stays text (OWASP CSV injection).

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export type CsvValue = string | number | boolean | null | undefined | Date;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (value instanceof Date) text = value.toISOString();
  else if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  else if (typeof value === "boolean") return value ? "true" : "false";
  else text = value;
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/** A UTF-8 byte-order mark: spreadsheets then read accents (São Paulo, Notificações) correctly. */
export const CSV_BOM = "\uFEFF";

/**
 * A CSV byte stream fed batch by batch: `next()` returns the next rows, or null at the end. The
 * stream asks for a batch only when its reader wants more (pull), so at most one batch is in
 * memory whatever the size of the export.
 */
export function csvStream(
  header: readonly string[],
  next: () => Promise<CsvValue[][] | null>,
  options: { onError?: (err: unknown) => void } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let started = false;
  let done = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(CSV_BOM + csvRow(header)));
          return;
        }
        try {
          // A pull must enqueue something (or close), or the waiting reader is never woken up.
          for (;;) {
            const rows = await next();
            if (done) return;
            if (rows === null) {
              done = true;
              controller.close();
              return;
            }
            if (rows.length) {
              controller.enqueue(encoder.encode(rows.map(csvRow).join("")));
              return;
            }
          }
        } catch (err) {
          done = true;
          options.onError?.(err);
          controller.error(err);
        }
      },
      cancel() {
        done = true;
      },
    },
    { highWaterMark: 1 },
  );
}
