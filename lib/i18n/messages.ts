import en from "./catalogues/en.json" with { type: "json" };
import ptBR from "./catalogues/pt-BR.json" with { type: "json" };

// UI strings and error messages. Brazilian Portuguese is the team's language and the default;
// English on request. The words live in one JSON file per language (lib/i18n/catalogues/), so a
// translator edits data, not code; the catalogue check (lib/i18n/catalogues.test.ts) keeps the
// two files in step.

export const LOCALES = ["pt-BR", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "pt-BR";

export type MessageKey = keyof typeof ptBR;
/** An HttpError's stable code: its message is the catalogue's `error.<code>`. */
export type ErrorCode = MessageKey extends infer K ? (K extends `error.${infer Code}` ? Code : never) : never;
export type MessageParams = Record<string, string | number>;

const catalogs: Record<Locale, Record<MessageKey, string>> = { "pt-BR": ptBR, en };

export function translator(locale: Locale): (key: MessageKey) => string {
  const catalog = catalogs[locale];
  return (key) => catalog[key];
}

/** The message in `locale` with its `{name}` placeholders filled. */
export function message(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  return catalogs[locale][key].replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}

export function isErrorCode(value: string): value is ErrorCode {
  return `error.${value}` in ptBR;
}

export function isLocale(value: string | undefined): value is Locale {
  return LOCALES.includes(value as Locale);
}
