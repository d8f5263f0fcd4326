import { AsyncResource } from "node:async_hooks";
import type { NextFunction, Request, Response } from "express";
import { WEBHOOK_MAX_BYTES } from "@/lib/incidents/webhooks";

// Every request body the portal reads — route handlers, better-auth, Bull Board — passes this
// gate first, so none is read past its limit: a Content-Length over it is refused before a byte
// is read, and a chunked body is held here (never more than the limit) and refused the moment it
// grows past it. Without this each reader took the whole body in before checking its size.

/** The same as the JSON limit of the route handlers (lib/http) and better-auth's small bodies. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;
/** Bull Board's write bodies (lib/server/board-input.ts parses them with the same limit). */
export const BOARD_BODY_LIMIT = 100 * 1024;

export function bodyLimitFor(path: string): number {
  if (path.startsWith("/api/webhooks/")) return WEBHOOK_MAX_BYTES;
  if (path.startsWith("/admin/queues/")) return BOARD_BODY_LIMIT;
  return DEFAULT_BODY_LIMIT;
}

/** How long a refused body may go on arriving (discarded) before the connection is cut. */
export const REFUSED_BODY_GRACE_MS = 10_000;

function tooLarge(req: Request, res: Response, limit: number): void {
  // The answer goes out at once. Node then discards the rest of the body as it arrives (nothing
  // is kept), so a client that sent it whole still reads the 413 instead of a reset; one that
  // goes on sending past the grace period loses the connection.
  res.on("finish", () => {
    if (!req.complete) setTimeout(() => req.complete || req.socket.destroy(), REFUSED_BODY_GRACE_MS).unref();
  });
  res.status(413).json({ error: `Corpo da requisição grande demais (máximo ${Math.round(limit / 1024)} KiB).` });
}

type Push = (chunk: unknown) => boolean;

export function limitBodies(limitFor: (path: string) => number = bodyLimitFor) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const limit = limitFor(req.path);
    const declared = req.headers["content-length"];
    if (declared !== undefined) {
      // Node's parser never lets a body run past its Content-Length.
      if (Number(declared) > limit) return tooLarge(req, res, limit);
      return next();
    }
    if (req.headers["transfer-encoding"] === undefined) return next();
    if (req.complete) return req.readableLength > limit ? tooLarge(req, res, limit) : next();
    holdChunked(
      req,
      limit,
      AsyncResource.bind(() => next()),
      AsyncResource.bind(() => tooLarge(req, res, limit)),
    );
  };
}

/**
 * Takes the body's chunks as the HTTP parser hands them over (it calls the request's push() for
 * each) and gives them to the request only once the body is complete and within the limit; the
 * handlers after this one then read it as usual. Callbacks are bound to the request's async
 * context, which the parser's callbacks do not carry.
 */
function holdChunked(req: Request, limit: number, release: () => void, refuse: () => void): void {
  const push = req.push.bind(req) as Push;
  const held: Buffer[] = [];
  let size = req.readableLength;
  if (size > limit) return refuse();
  (req as { push: Push }).push = (chunk) => {
    if (chunk === null) {
      req.push = push;
      for (const c of held) push(c);
      const more = push(null);
      setImmediate(release);
      return more;
    }
    size += (chunk as Buffer).length;
    if (size <= limit) {
      held.push(chunk as Buffer);
      return true;
    }
    held.length = 0;
    // The rest is dropped as it arrives (after the 413, Node itself discards it).
    (req as { push: Push }).push = (rest) => (rest === null ? push(null) : true);
    setImmediate(refuse);
    return true;
  };
}
