import type { ReactNode } from "react";
import { cx } from "./cx";

// A short label in a tinted pill: kind, severity, status, "opcional". The tone is a colour
// family; what it means is for the caller to say in words, never by colour alone.

const TONE = {
  neutral: "bg-slate-50 text-slate-700 ring-slate-200",
  muted: "bg-slate-100 text-slate-600 ring-slate-100",
  dark: "bg-slate-800 text-white ring-slate-800",
  success: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  info: "bg-sky-50 text-sky-800 ring-sky-200",
  accent: "bg-violet-50 text-violet-800 ring-violet-200",
  rose: "bg-rose-50 text-rose-800 ring-rose-200",
  danger: "bg-red-50 text-red-800 ring-red-200",
  critical: "bg-red-700 text-white ring-red-700",
  warning: "bg-amber-50 text-amber-900 ring-amber-200",
  attention: "bg-amber-100 text-amber-900 ring-amber-300",
  orange: "bg-orange-100 text-orange-900 ring-orange-300",
  yellow: "bg-yellow-50 text-yellow-900 ring-yellow-300",
} as const;

export type BadgeTone = keyof typeof TONE;

interface BadgeProps {
  tone: BadgeTone;
  /** `strong`: semibold, for a mark that must stand out (breach, status). */
  strong?: boolean;
  title?: string;
  /** "timer" for a countdown, read by screen readers only when asked. */
  role?: "timer" | "status";
  className?: string;
  children: ReactNode;
  [data: `data-${string}`]: string | boolean | undefined;
}

export function Badge({ tone, strong = false, title, role, className, children, ...data }: BadgeProps) {
  return (
    <span
      title={title}
      role={role}
      className={cx(
        "inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs whitespace-nowrap ring-1 ring-inset",
        strong ? "font-semibold" : "font-medium",
        TONE[tone],
        className,
      )}
      {...data}
    >
      {children}
    </span>
  );
}
