import type { ComponentPropsWithoutRef } from "react";
import { cx } from "./cx";

// Buttons, and links that look like buttons. Focus shows a ring from the keyboard only
// (focus-visible), disabled and aria-disabled look the same, and a button's type defaults to
// "button" so one inside a form never submits it by accident; submit buttons say so.

const VARIANT = {
  /** The page's main action (sign in, filter). */
  primary: "bg-blue-700 font-medium text-white hover:bg-blue-800",
  /** A dark action beside filters or in a panel. */
  dark: "bg-slate-800 font-medium text-white hover:bg-slate-900",
  /** Everything else: status changes, print, load more. */
  secondary: "border border-slate-300 bg-white font-medium text-slate-800 shadow-sm hover:bg-slate-50",
  /** Starts something urgent: an incident. */
  urgent: "bg-rose-700 font-semibold text-white shadow-sm hover:bg-rose-800",
  /** Destroys something (discard a job). */
  danger: "border border-red-300 bg-white font-medium text-red-800 hover:bg-red-50",
} as const;

const SIZE = {
  sm: "rounded px-2.5 py-1 text-xs",
  md: "rounded-md px-3 py-1.5 text-sm",
  lg: "rounded-md px-4 py-2 text-sm",
} as const;

export type ButtonVariant = keyof typeof VARIANT;
export type ButtonSize = keyof typeof SIZE;

const BASE =
  "inline-flex items-center justify-center gap-1.5 whitespace-nowrap focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 disabled:cursor-not-allowed disabled:opacity-50 aria-disabled:opacity-60";

export function buttonClass({
  variant = "secondary",
  size = "md",
  className,
}: { variant?: ButtonVariant; size?: ButtonSize; className?: string } = {}): string {
  return cx(BASE, SIZE[size], VARIANT[variant], className);
}

type ButtonProps = ComponentPropsWithoutRef<"button"> & { variant?: ButtonVariant; size?: ButtonSize };

export function Button({ variant, size, className, type = "button", ...rest }: ButtonProps) {
  return <button type={type} className={buttonClass({ variant, size, className })} {...rest} />;
}

type ButtonLinkProps = ComponentPropsWithoutRef<"a"> & { variant?: ButtonVariant; size?: ButtonSize };

/** A link (navigation, download) with a button's look. */
export function ButtonLink({ variant, size, className, ...rest }: ButtonLinkProps) {
  return <a className={buttonClass({ variant, size, className })} {...rest} />;
}
