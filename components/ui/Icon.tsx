// Inline SVG icons: a glyph such as ⏱ is drawn from an emoji font, and a machine without one
// (a locked-down kiosk, a minimal Linux) shows an empty box instead. An SVG draws everywhere and
// takes the text colour. Decorative: the words beside it carry the meaning.

const PROPS = {
  "aria-hidden": true,
  focusable: "false",
  viewBox: "0 0 16 16",
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 1.6,
  strokeLinecap: "round",
  strokeLinejoin: "round",
  className: "inline-block size-3.5 shrink-0",
} as const;

/** A stopwatch: time left before a deadline. */
export function ClockIcon() {
  return (
    <svg {...PROPS} data-icon="clock">
      <circle cx="8" cy="9" r="5.5" />
      <path d="M8 6v3l2 1.5M6.5 1.5h3" />
    </svg>
  );
}
