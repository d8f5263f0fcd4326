import type { NextFunction, Request, Response } from "express";
import { BULL_BOARD_PATH } from "@/lib/server/bull-board";

// Outside /api and Bull Board the portal serves pages and GET route handlers only: it has no
// server actions (docs/adr/0004-no-server-actions.md). Next.js still takes any other method on a
// page for a server-action call, refuses it in plain text and logs a stack trace for each one,
// which is how a scanner or a fuzzer fills the log. Refused here instead, with the methods the
// path does accept. Next's own endpoints (/_next, the dev overlay's /__nextjs_*) pass.

const PAGE_METHODS = new Set(["GET", "HEAD"]);
const OTHER_METHOD_PATHS = [/^\/api\//, /^\/_next\//, /^\/__nextjs/, new RegExp(`^${BULL_BOARD_PATH}(/|$)`)];

export function acceptsOnlyPageMethods(path: string): boolean {
  return !OTHER_METHOD_PATHS.some((pattern) => pattern.test(path));
}

export function refuseNonPageMethods(req: Request, res: Response, next: NextFunction): void {
  if (PAGE_METHODS.has(req.method) || !acceptsOnlyPageMethods(req.path)) return next();
  res.setHeader("Allow", "GET, HEAD");
  res.status(405).json({
    error: `Páginas do portal aceitam apenas GET; ${req.method} não é usado aqui (o portal não tem Server Actions).`,
  });
}
