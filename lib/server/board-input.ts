import express, { type NextFunction, type Request, type Response } from "express";
import { z } from "zod";
import { formatZodIssues } from "@/lib/http/route";

// Bull Board's write bodies, checked before Bull Board sees them. Its "add job" passes the
// options it receives straight to BullMQ, which throws a plain Error (a 500) for options it
// refuses — a parent job that does not exist, a float priority, an integer custom id — and
// accepts others no operator needs from a dashboard (repeat, parent, deduplication). The portal
// lets through the options an operator adding a job by hand uses, each with the type and range
// BullMQ accepts, and answers 400 for anything else.

const PRIORITY_LIMIT = 2 ** 21;
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const keep = z.union([z.boolean(), count, z.strictObject({ age: count.optional(), count: count.optional() })]);

export const addJobOptionsSchema = z.strictObject({
  attempts: z.number().int().min(1).max(1000).optional(),
  backoff: z
    .union([
      count,
      z.strictObject({
        type: z.enum(["fixed", "exponential"]),
        delay: count.optional(),
        jitter: z.number().min(0).max(1).optional(),
      }),
    ])
    .optional(),
  // At most a year: a longer delay is a mistake, not a plan.
  delay: z
    .number()
    .int()
    .min(0)
    .max(365 * 86_400_000)
    .optional(),
  jobId: z
    .string()
    .min(1)
    .max(200)
    .refine((id) => `${parseInt(id, 10)}` !== id, "jobId não pode ser um número inteiro (BullMQ reserva esses ids)")
    .refine((id) => !id.includes(":"), 'jobId não pode conter ":"')
    .optional(),
  lifo: z.boolean().optional(),
  priority: z.number().int().min(0).max(PRIORITY_LIMIT).optional(),
  removeOnComplete: keep.optional(),
  removeOnFail: keep.optional(),
  stackTraceLimit: count.optional(),
  keepLogs: count.optional(),
});

export const addJobBodySchema = z.object({
  name: z.string().max(200).optional(),
  data: z.unknown().optional(),
  options: addJobOptionsSchema.optional(),
});

export const BOARD_BODY_MAX_DEPTH = 64;

/**
 * What no Bull Board write body may hold. A NUL in any string (keys included): Bull Board's
 * validator joins a message and its options with a NUL and splits them again, so a refused value
 * quoting a NUL makes it throw. Nesting past BOARD_BODY_MAX_DEPTH levels: BullMQ serialises job
 * data recursively and runs out of stack. Both were 500s. Walked iteratively, for the same reason.
 */
export function boardBodyProblem(value: unknown): "nul" | "depth" | null {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (depth > BOARD_BODY_MAX_DEPTH) return "depth";
    if (typeof v === "string") {
      if (v.includes("\u0000")) return "nul";
    } else if (Array.isArray(v)) {
      for (const x of v) stack.push([x, depth + 1]);
    } else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k.includes("\u0000")) return "nul";
        stack.push([x, depth + 1]);
      }
    }
  }
  return null;
}

const BODY_PROBLEMS = {
  nul: "O corpo contém o caractere NUL (\\u0000).",
  depth: `O corpo está aninhado demais (máximo ${BOARD_BODY_MAX_DEPTH} níveis).`,
};

// Case-insensitive, like Express's router in front of Bull Board: "/ADD" reaches the same handler.
const ADD_JOB = /^\/api\/queues\/[^/]+\/add\/?$/i;
const parseJson = express.json({ limit: "100kb" });

/** Mounted before Bull Board's router (same base path): checks write bodies before Bull Board and BullMQ see them. */
export function validateBoardWrites(req: Request, res: Response, next: NextFunction): void {
  if (req.method === "GET" || req.method === "HEAD") return next();
  parseJson(req, res, (err?: unknown) => {
    if (err) {
      const status = (err as { status?: number }).status;
      res
        .status(status === 413 ? 413 : 400)
        .json({ error: status === 413 ? "Corpo grande demais (máximo 100 KiB)." : "O corpo não é JSON válido." });
      return;
    }
    const problem = boardBodyProblem(req.body);
    if (problem) {
      res.status(400).json({ error: BODY_PROBLEMS[problem] });
      return;
    }
    if (!ADD_JOB.test(req.path)) return next();
    const parsed = addJobBodySchema.safeParse(req.body ?? {});
    if (parsed.success) return next();
    res.status(400).json({
      error:
        "Job inválido: opções aceitas são attempts, backoff, delay, jobId, lifo, priority, removeOnComplete, removeOnFail, stackTraceLimit e keepLogs.",
      details: formatZodIssues(parsed.error),
    });
  });
}
