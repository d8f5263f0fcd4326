import type { ComponentPropsWithoutRef, ReactNode } from "react";
import { cx } from "./cx";

// Form fields: a label above its control, and the controls themselves. Every control has the
// same border and the same keyboard focus ring; the label carries the accessible name, so a
// field is never a bare input.

const LABEL = {
  /** Filter bars and side panels: a small grey label. */
  compact: "text-xs font-medium text-slate-600",
  /** Forms that are the page's purpose (new incident, sign-in). */
  regular: "text-sm font-medium text-slate-800",
} as const;

const CONTROL_SIZE = {
  sm: "rounded px-2 py-1",
  md: "rounded-md px-2.5 py-2 shadow-sm",
  lg: "rounded-md px-3 py-2",
} as const;

export type ControlSize = keyof typeof CONTROL_SIZE;

export function controlClass(size: ControlSize = "sm", className?: string): string {
  return cx(
    "min-w-0 border border-slate-300 bg-white text-sm font-normal text-slate-900 focus:border-sky-500 focus:ring-2 focus:ring-sky-200 focus:outline-none disabled:bg-slate-50",
    CONTROL_SIZE[size],
    className,
  );
}

interface FieldProps {
  label: ReactNode;
  look?: keyof typeof LABEL;
  /** The control's id when the label cannot wrap it (a control that sits beside a button). */
  htmlFor?: string;
  className?: string;
  children: ReactNode;
}

export function Field({ label, look = "compact", htmlFor, className, children }: FieldProps) {
  if (htmlFor) {
    return (
      <div className={className}>
        <label htmlFor={htmlFor} className={cx("mb-1 block", LABEL[look])}>
          {label}
        </label>
        {children}
      </div>
    );
  }
  return (
    <label className={cx("flex flex-col gap-0.5", LABEL[look], className)}>
      {label}
      {children}
    </label>
  );
}

type Sized<T> = T & { size?: ControlSize };

export function Input({ size, className, ...rest }: Sized<Omit<ComponentPropsWithoutRef<"input">, "size">>) {
  return <input className={controlClass(size, className)} {...rest} />;
}

export function Select({ size, className, ...rest }: Sized<Omit<ComponentPropsWithoutRef<"select">, "size">>) {
  return <select className={controlClass(size, className)} {...rest} />;
}

export function Textarea({ size, className, ...rest }: Sized<ComponentPropsWithoutRef<"textarea">>) {
  return <textarea className={controlClass(size, className)} {...rest} />;
}

interface DateRangeProps {
  from?: string;
  to?: string;
  labels: { from: ReactNode; to: ReactNode };
  className?: string;
}

/** The "from" and "to" days of a GET filter form (inputs named `from` and `to`). */
export function DateRangeFields({ from, to, labels, className }: DateRangeProps) {
  return (
    <>
      <Field label={labels.from} className={className}>
        <Input type="date" name="from" defaultValue={from} />
      </Field>
      <Field label={labels.to} className={className}>
        <Input type="date" name="to" defaultValue={to} />
      </Field>
    </>
  );
}

export interface Choice {
  value: string;
  label: ReactNode;
}

type SelectFieldProps = Omit<ComponentPropsWithoutRef<"select">, "size" | "children"> & {
  label: ReactNode;
  choices: readonly Choice[];
  /** A first choice with an empty value ("Todos", "Qualquer"): the filter is off. */
  anyLabel?: ReactNode;
  size?: ControlSize;
  look?: FieldProps["look"];
  /** Classes of the field (grid span, width); `className` goes to the <select>. */
  fieldClassName?: string;
};

/** A labelled <select> from a list of choices: the filter bars and the short forms. */
export function SelectField({
  label,
  choices,
  anyLabel,
  size,
  look,
  fieldClassName,
  className,
  id,
  ...select
}: SelectFieldProps) {
  return (
    <Field label={label} look={look} htmlFor={id} className={fieldClassName}>
      <Select id={id} size={size} className={className} {...select}>
        {anyLabel !== undefined && <option value="">{anyLabel}</option>}
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}
