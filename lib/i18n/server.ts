import { cookies } from "next/headers";
import { DEFAULT_LOCALE, isLocale, translator, type Locale } from "@/lib/i18n/messages";
import { LOCALE_COOKIE } from "@/lib/i18n/request";

export { LOCALE_COOKIE };

/** The viewer's language: the `locale` cookie when set, Portuguese otherwise. */
export async function currentLocale(): Promise<Locale> {
  const value = (await cookies()).get(LOCALE_COOKIE)?.value;
  return isLocale(value) ? value : DEFAULT_LOCALE;
}

export async function getTranslator() {
  const locale = await currentLocale();
  return { locale, t: translator(locale) };
}
