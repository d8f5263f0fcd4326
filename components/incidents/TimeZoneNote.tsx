import { fill, zoneOffset } from "@/lib/i18n/format";
import { translator, type Locale } from "@/lib/i18n/messages";

/** Said once per page: every time on it is in the portal's zone, not the reader's. */
export function TimeZoneNote({
  timeZone,
  locale,
  className,
}: {
  timeZone: string;
  locale: Locale;
  className?: string;
}) {
  return (
    <p className={`text-xs text-slate-600 ${className ?? ""}`} data-time-zone>
      {fill(translator(locale)("incidents.timeZone"), { zone: timeZone, offset: zoneOffset(timeZone) })}
    </p>
  );
}
