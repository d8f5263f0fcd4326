// Classifies the URL of a Markdown link or image, so the renderer (target/rel, rewriting to
// portal pages) and the lint (does it resolve?) agree on what each link is.

export type LinkTarget =
  /** `#anchor` on the same page. */
  | { kind: "anchor"; anchor: string }
  /** http(s) or protocol-relative: opens in a new tab. */
  | { kind: "external"; url: string }
  /** mailto:, irc:... kept as is. */
  | { kind: "other-protocol"; url: string }
  /** javascript:, data:, file:... — removed by the sanitiser and reported by the lint. */
  | { kind: "unsafe"; protocol: string }
  /** `/admin/queues`: a URL of the portal itself, not a repo path. */
  | { kind: "absolute-path"; url: string }
  /** `./other.md#x`, `../scripts/backup.sh`: a file of the repo, relative to the runbook. */
  | { kind: "relative"; path: string; anchor?: string };

// The protocols hast-util-sanitize's default schema keeps in href.
const SAFE_PROTOCOLS = new Set(["http", "https", "mailto", "irc", "ircs", "xmpp"]);

export function classifyLink(url: string): LinkTarget {
  const trimmed = url.trim();
  if (trimmed.startsWith("#")) return { kind: "anchor", anchor: safeDecode(trimmed.slice(1)) };
  if (trimmed.startsWith("//")) return { kind: "external", url: trimmed };
  // Browsers ignore tabs/newlines inside a scheme ("java\tscript:"), so strip them before looking.
  const protocol = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed.replace(/[\t\n\r]/g, ""))?.[1]?.toLowerCase();
  if (protocol) {
    if (!SAFE_PROTOCOLS.has(protocol)) return { kind: "unsafe", protocol };
    return protocol === "http" || protocol === "https"
      ? { kind: "external", url: trimmed }
      : { kind: "other-protocol", url: trimmed };
  }
  if (trimmed.startsWith("/")) return { kind: "absolute-path", url: trimmed };
  const hashAt = trimmed.indexOf("#");
  const pathPart = hashAt === -1 ? trimmed : trimmed.slice(0, hashAt);
  const withoutQuery = pathPart.split("?")[0] ?? "";
  const anchor = hashAt === -1 ? undefined : safeDecode(trimmed.slice(hashAt + 1));
  return anchor === undefined
    ? { kind: "relative", path: safeDecode(withoutQuery) }
    : { kind: "relative", path: safeDecode(withoutQuery), anchor };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The slug a relative link points to when it targets another runbook, i.e. a `.md` file in the
 * same folder (`./03-x.md` → `03-x`); undefined for anything else.
 */
export function sameFolderRunbookSlug(path: string): string | undefined {
  return /^(?:\.\/)?([^/]+)\.md$/i.exec(path)?.[1];
}
