import type { NextFunction, Request, Response } from "express";

// Paths no browser sends. One that cannot be percent-decoded (a stray "%", "%ZZ", bytes that are
// not UTF-8) reaches Next's router and Express's param decoding, which both answer 500. One with
// a dot segment ("..", "%2e%2e") is resolved by Next to some other path — an /api call ends on
// the HTML not-found page, or a different route than the one asked for. Browsers resolve dot
// segments before sending, so only a crafted request has them: both are refused here with a 400
// that says what is wrong, for every route at once.

export type PathProblem = "undecodable" | "dot-segment";

export function pathProblem(path: string): PathProblem | null {
  for (const segment of path.split("/")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return "undecodable";
    }
    if (decoded === "." || decoded === "..") return "dot-segment";
  }
  return null;
}

const MESSAGES: Record<PathProblem, string> = {
  undecodable: "Endereço malformado: a URL tem um código %XX inválido ou bytes que não são UTF-8.",
  "dot-segment": 'Endereço malformado: a URL tem um segmento "." ou "..".',
};

export function rejectMalformedPath(req: Request, res: Response, next: NextFunction): void {
  const problem = pathProblem(req.path);
  if (!problem) return next();
  res.status(400).json({ error: MESSAGES[problem] });
}
