import { useId, type ComponentPropsWithoutRef, type ElementType, type ReactNode } from "react";
import { cx } from "./cx";

// The white box every page groups its content in. One class string for all of them, so a change
// of look is made here and nowhere else. No hooks: usable from server and client components.

const PADDING = {
  none: "",
  sm: "px-3 py-2",
  md: "p-3",
  lg: "p-4",
  xl: "p-6",
} as const;

const TONE = {
  plain: "rounded-md border border-slate-200 bg-white",
  raised: "rounded-lg border border-slate-200 bg-white shadow-sm",
  dashed: "rounded-md border border-dashed border-slate-300",
  warning: "rounded-lg border border-amber-300 bg-amber-50",
} as const;

export type CardPadding = keyof typeof PADDING;
export type CardTone = keyof typeof TONE;

/** The class string of a card, for the rare element that cannot be a <Card> (a native <details>' summary styling aside). */
export function cardClass({ tone = "plain", padding = "md" }: { tone?: CardTone; padding?: CardPadding } = {}): string {
  return cx(TONE[tone], PADDING[padding]);
}

type CardProps<T extends ElementType> = {
  /** The element: a <section> for a titled part of a page, an <li> in a list, a <form>… */
  as?: T;
  tone?: CardTone;
  padding?: CardPadding;
  className?: string;
  children?: ReactNode;
} & Omit<ComponentPropsWithoutRef<T>, "as" | "className" | "children">;

export function Card<T extends ElementType = "div">({
  as,
  tone = "plain",
  padding = "md",
  className,
  children,
  ...rest
}: CardProps<T>) {
  const Element: ElementType = as ?? "div";
  return (
    <Element className={cx(cardClass({ tone, padding }), className)} {...rest}>
      {children}
    </Element>
  );
}

interface SectionProps {
  title: ReactNode;
  /** Beside the title: a link or a button about the whole section. */
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
  [data: `data-${string}`]: string | undefined;
}

/** A titled card: a part of a page with its own heading, named by it for screen readers. */
export function Section({ title, actions, className, children, ...data }: SectionProps) {
  const headingId = useId();
  return (
    <Card as="section" padding="lg" aria-labelledby={headingId} className={cx("space-y-3", className)} {...data}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={headingId} className="text-lg font-semibold">
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </Card>
  );
}
