import { cookies } from "next/headers";
import { DEFAULT_LOCALE, isLocale, translator, type Locale } from "@/lib/i18n/messages";

export const LOCALE_COOKIE = "locale";

/** The viewer's language: the `locale` cookie when set, Portuguese otherwise. */
export async function currentLocale(): Promise<Locale> {
  const value = (await cookies()).get(LOCALE_COOKIE)?.value;
  return isLocale(value) ? value : DEFAULT_LOCALE;
}

export async function getTranslator() {
  const locale = await currentLocale();
  return { locale, t: translator(locale) };
}
