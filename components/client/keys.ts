// The one idempotency-key generator of the browser: a random UUID (v4), chosen once per user
// action and sent with every retry of it. Also the id of a checklist note the client creates.

export function newIdempotencyKey(): string {
  const random: Pick<Crypto, "getRandomValues"> = globalThis.crypto;
  if ("randomUUID" in random && typeof random.randomUUID === "function") return (random as Crypto).randomUUID();
  // crypto.randomUUID exists only in secure contexts (HTTPS, localhost); a portal reached over
  // plain HTTP on an internal address still has getRandomValues.
  const bytes = new Uint8Array(16);
  random.getRandomValues(bytes);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
