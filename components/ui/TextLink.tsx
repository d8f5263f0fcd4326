import type { ComponentPropsWithoutRef } from "react";
import { cx } from "./cx";

/** The portal's link colour: for a link written as <Link> (next/link), pass this as its className. */
export const LINK_CLASS = "text-sky-800 hover:underline";

/** An inline link in running text or a table cell. */
export function TextLink({ className, ...rest }: ComponentPropsWithoutRef<"a">) {
  return <a className={cx(LINK_CLASS, className)} {...rest} />;
}
