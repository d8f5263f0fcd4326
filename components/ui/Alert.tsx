import type { ReactNode } from "react";
import { cx } from "./cx";

// A message box. Its role is chosen by what it says, not by its colour: "alert" interrupts a
// screen reader (an error the user must act on), "status" is read when it changes (a source is
// down, a save is pending), "note" is static advice that is read in page order.

const TONE = {
  error: "border-red-300 bg-red-50 text-red-900",
  warning: "border-amber-300 bg-amber-50 text-amber-900",
  info: "border-sky-200 bg-sky-50 text-sky-900",
  success: "border-emerald-200 bg-emerald-50 text-emerald-900",
} as const;

const INLINE_TONE = {
  error: "text-red-800",
  warning: "text-amber-800",
  info: "text-sky-800",
  success: "text-emerald-800",
} as const;

const SIZE = {
  sm: "rounded px-2 py-1",
  md: "rounded-md px-3 py-2",
  lg: "rounded-md px-4 py-3",
} as const;

export type AlertTone = keyof typeof TONE;

interface AlertProps {
  tone: AlertTone;
  role: "alert" | "status" | "note";
  size?: keyof typeof SIZE;
  /** Coloured text without a box (an error line under a form or a button). */
  inline?: boolean;
  /** Without the border (a tinted strip). */
  borderless?: boolean;
  className?: string;
  children: ReactNode;
  [data: `data-${string}`]: string | undefined;
}

export function Alert({
  tone,
  role,
  size = "md",
  inline = false,
  borderless = false,
  className,
  children,
  ...data
}: AlertProps) {
  const look = inline ? INLINE_TONE[tone] : cx(SIZE[size], TONE[tone], !borderless && "border");
  return (
    <div role={role} className={cx(look, size === "sm" ? "text-xs" : "text-sm", className)} {...data}>
      {children}
    </div>
  );
}
