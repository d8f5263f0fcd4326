import { DEFAULT_LOCALE, isLocale, type Locale } from "@/lib/i18n/messages";

/** Name of the cookie app/locale sets; read by pages (lib/i18n/server.ts) and route handlers alike. */
export const LOCALE_COOKIE = "locale";

const COOKIE_PATTERN = new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([^;]*)`);

/** The language a request asked for through its cookie, Portuguese otherwise. */
export function requestLocale(request: Request): Locale {
  const cookie = request.headers.get("cookie") ?? "";
  const match = cookie.match(COOKIE_PATTERN);
  const value = match?.[1]?.trim();
  return isLocale(value) ? value : DEFAULT_LOCALE;
}
