import { Badge } from "@/components/ui/Badge";
import { translator, type Locale } from "@/lib/i18n/messages";

/** "opcional" beside an item that a run may leave unticked. */
export function OptionalBadge({ locale }: { locale: Locale }) {
  return (
    <Badge tone="muted" className="ml-2 font-normal">
      {translator(locale)("checklist.optional")}
    </Badge>
  );
}
