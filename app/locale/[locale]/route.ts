import { NextResponse, type NextRequest } from "next/server";
import { isLocale } from "@/lib/i18n/messages";
import { returnPath } from "@/lib/i18n/return-path";
import { LOCALE_COOKIE } from "@/lib/i18n/server";

/** Switches the UI language and goes back to the page the user was on (same origin only). */
export async function GET(request: NextRequest, { params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  if (!isLocale(locale)) {
    return NextResponse.json({ error: `Unknown language "${locale}": use pt-BR or en` }, { status: 400 });
  }
  const target = returnPath(request.headers.get("referer"), request.headers.get("host"));
  const response = new NextResponse(null, { status: 303, headers: { location: target } });
  response.cookies.set(LOCALE_COOKIE, locale, { path: "/", sameSite: "lax", maxAge: 60 * 60 * 24 * 365 });
  return response;
}
