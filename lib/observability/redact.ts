import type { Event } from "@sentry/nextjs";

// What must never reach the log or Sentry: credentials in a URL's query (the single sign-on
// callback carries the provider's one-time `code` and `state`), and the headers that carry who
// the user is and where they are (the portal's internal user header, the client address,
// cookies, tokens). Runtime-agnostic: only a type is imported from the SDK.

const SECRET_PARAM =
  /^(code|state|session_state|token|[a-z_]*_token|password|secret|client_secret|signature|sig|key|api_key)$/i;

/** Query parameters the SDK itself must filter (its `dataCollection.urlQueryParams`). */
const SECRET_PARAMS = [
  "code",
  "state",
  "session_state",
  "token",
  "access_token",
  "id_token",
  "refresh_token",
  "password",
  "secret",
  "client_secret",
  "signature",
  "sig",
  "key",
  "api_key",
];

/** The URL (absolute or a path) with the values of secret query parameters replaced. */
export function redactUrl(url: string): string {
  const query = url.indexOf("?");
  if (query < 0) return url;
  const hash = url.indexOf("#", query);
  const end = hash < 0 ? url.length : hash;
  const redacted = url
    .slice(query + 1, end)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, " "));
      } catch {
        // a malformed name is kept as it came; it is not a secret parameter's name either way
      }
      return eq >= 0 && SECRET_PARAM.test(decoded) ? `${name}=[redacted]` : pair;
    })
    .join("&");
  return `${url.slice(0, query + 1)}${redacted}${url.slice(end)}`;
}

/**
 * Request headers an event may not carry. The first two are the portal's own (lib/auth/auth.ts
 * CLIENT_IP_HEADER, lib/auth/forwarded-user.ts FORWARDED_USER_HEADER; a test keeps them in step).
 */
export const PRIVATE_HEADERS = [
  "x-portal-client-ip",
  "x-portal-user",
  "cookie",
  "authorization",
  "x-forwarded-for",
  "x-real-ip",
  "forwarded",
  "sentry-hook-signature",
] as const;

/** The event without private headers, cookies, the user's address, or secrets in its URLs. */
export function scrubEvent<E extends Event>(event: E): E {
  const request = event.request;
  if (request) {
    if (request.headers) {
      for (const name of Object.keys(request.headers)) {
        if ((PRIVATE_HEADERS as readonly string[]).includes(name.toLowerCase())) delete request.headers[name];
      }
    }
    delete request.cookies;
    if (request.env) delete request.env.REMOTE_ADDR;
    if (request.url) request.url = redactUrl(request.url);
    if (typeof request.query_string === "string") request.query_string = redactUrl(`?${request.query_string}`).slice(1);
  }
  if (event.user) delete event.user.ip_address;
  return event;
}

/**
 * What the SDK may collect at all: no user address, no cookies, no request or response bodies (a
 * sign-in body holds a password), the private headers and secret query parameters filtered.
 */
export const SENTRY_DATA_COLLECTION = {
  userInfo: false,
  cookies: false,
  httpBodies: [],
  httpHeaders: { request: { deny: [...PRIVATE_HEADERS] }, response: { deny: ["set-cookie"] } },
  urlQueryParams: { deny: SECRET_PARAMS },
};

const PRIVATE_ATTRIBUTE = new RegExp(
  `^http\\.(request|response)\\.header\\.(${[...PRIVATE_HEADERS, "set-cookie"].map((h) => h.replace(/-/g, "[-_]")).join("|")})$`,
  "i",
);
const ADDRESS_ATTRIBUTE =
  /^(user\.ip_address|client\.address|http\.client_ip|net\.peer\.ip|net\.sock\.peer\.addr|network\.peer\.address|http\.request\.body\.data)$/;
const URL_ATTRIBUTE = /^(url\.full|url\.query|http\.url|http\.target|http\.query)$/;

/**
 * A span (streamed: `attributes`; static: `data`) without the private headers, the client's
 * address, any captured body, or secrets in its URLs — whatever the SDK's filters let through.
 */
export function scrubSpan<
  S extends { attributes?: Record<string, unknown> | null; data?: Record<string, unknown> | null },
>(span: S): S {
  for (const bag of [span.attributes, span.data]) {
    if (!bag) continue;
    for (const [key, value] of Object.entries(bag)) {
      if (PRIVATE_ATTRIBUTE.test(key) || ADDRESS_ATTRIBUTE.test(key)) delete bag[key];
      else if (URL_ATTRIBUTE.test(key) && typeof value === "string")
        bag[key] = value.includes("?") || value.includes("/") ? redactUrl(value) : redactUrl(`?${value}`).slice(1);
    }
  }
  return span;
}
