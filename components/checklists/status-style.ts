import type { RunStatus } from "@/lib/checklists/types";

/** Status colours; every use also prints the status in words (never colour alone). */
export const STATUS_STYLE: Record<RunStatus, string> = {
  done: "border-emerald-300 bg-emerald-50 text-emerald-900",
  late: "border-orange-300 bg-orange-50 text-orange-900",
  open: "border-sky-300 bg-sky-50 text-sky-900",
  partial: "border-amber-300 bg-amber-50 text-amber-900",
  missed: "border-red-300 bg-red-50 text-red-900",
  pending: "border-slate-300 bg-slate-50 text-slate-700",
};
