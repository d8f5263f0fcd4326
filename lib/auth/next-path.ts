// Where to send the user after signing in (`/login?next=…`): a path of this portal, or "/".
// The value is read the way the browser will read it — through the URL parser — so tricks that
// look like a path but name another host ("//evil", "/\evil", "/<tab>/evil": the parser drops
// tabs and newlines and treats "\" as "/") are caught, and what comes out is percent-encoded,
// safe for the Location header (a raw "Ā" there makes Node throw). The check is made again on
// what the parser gives back: it resolves "." and ".." segments after reading the host, so
// "/.//evil", "/%2e//evil" or "/a/..//evil" come out as "//evil", which a browser reads as a host.

const BASE = "http://portal.invalid";

export function safeNextPath(value: string | string[] | undefined): string {
  const next = Array.isArray(value) ? value[0] : value;
  if (!next || !next.startsWith("/")) return "/";
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("//") || path.startsWith("/\\") ? "/" : path;
}
