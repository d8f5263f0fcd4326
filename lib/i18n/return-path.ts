/**
 * Where to go back to after switching the language: the page the user was on, when the Referer is
 * a URL of this very host; "/" otherwise — including when the Referer is not a URL at all.
 */
export function returnPath(referer: string | null, host: string | null): string {
  if (!referer) return "/";
  let url: URL;
  try {
    url = new URL(referer);
  } catch {
    return "/";
  }
  // "//evil.example" would be read as another host by the browser following the redirect.
  return url.host === host && !/^\/[\\/]/.test(url.pathname) ? `${url.pathname}${url.search}` : "/";
}
