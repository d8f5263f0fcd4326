// Which queue actions the portal refuses, per queue, whoever asks. Two kinds of rule:
// - refused: never done from Bull Board on that queue (runbook 03 forbids it);
// - approval: done only from an incident, once a second person approved it. Bull Board refuses
//   these too, because it has no way to ask for that approval.
// Read from QUEUE_GUARD_RAILS (lib/config.ts), e.g.
//   payments:refuse=empty+obliterate+clean+retry-all+add+update-data+duplicate:approve=discard;payments-dlq:...
// or "none" for no guard-rails at all.

/** Every write Bull Board can do to one queue, by the name the policy uses. */
export const QUEUE_ACTIONS = [
  "pause",
  "resume",
  "empty",
  "obliterate",
  /** Bulk clean of a status tab ("Clean all"). */
  "clean",
  /** "Retry all" of a status tab. */
  "retry-all",
  "promote-all",
  "add",
  /** Bull Board's Duplicate is its add-job request with the job's data prefilled: the same route as add. */
  "duplicate",
  "concurrency",
  "rate-limit",
  "scheduler",
  /** One job's retry. */
  "retry",
  /** One job removed (Bull Board's per-job "Clean"/"Remove"; an incident's discard). */
  "discard",
  "promote",
  "update-data",
  "delay",
  "priority",
  "remove-children",
] as const;

export type QueueAction = (typeof QUEUE_ACTIONS)[number];

export interface QueueRule {
  refuse: QueueAction[];
  approve: QueueAction[];
}

export type GuardRails = Record<string, QueueRule>;

const PAYMENTS_REFUSED: QueueAction[] = [
  "empty",
  "obliterate",
  "clean",
  "retry-all",
  "add",
  "update-data",
  "duplicate",
];

/** The default: runbook 03's rules for payments and its DLQ. */
export const DEFAULT_GUARD_RAILS_SPEC = ["payments", "payments-dlq"]
  .map((q) => `${q}:refuse=${PAYMENTS_REFUSED.join("+")}:approve=discard`)
  .join(";");

const ACTION_SET = new Set<string>(QUEUE_ACTIONS);
const QUEUE_NAME = /^[A-Za-z0-9_.-]+$/;

/** Parses QUEUE_GUARD_RAILS; throws an Error whose message says what is wrong, for the config line. */
export function parseGuardRails(spec: string): GuardRails {
  const text = spec.trim();
  if (text === "none") return {};
  const rails: GuardRails = {};
  for (const entry of text
    .split(";")
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [queue, ...parts] = entry.split(":").map((p) => p.trim());
    if (!queue || !QUEUE_NAME.test(queue)) throw new Error(`a queue name before ":" (in "${entry}")`);
    if (ruleFor(rails, queue)) throw new Error(`each queue once (${queue} appears twice)`);
    const rule: QueueRule = { refuse: [], approve: [] };
    for (const part of parts) {
      const match = /^(refuse|approve)=(.+)$/.exec(part);
      if (!match) throw new Error(`refuse=a+b or approve=a+b after the queue name (in "${entry}")`);
      const actions = match[2]!.split("+").map((a) => a.trim());
      const unknown = actions.find((a) => !ACTION_SET.has(a));
      if (unknown !== undefined)
        throw new Error(`actions among ${QUEUE_ACTIONS.join(", ")} (unknown "${unknown}" in ${queue})`);
      rule[match[1] as keyof QueueRule].push(...(actions as QueueAction[]));
    }
    const both = rule.refuse.find((a) => rule.approve.includes(a));
    if (both) throw new Error(`an action either refused or needing approval, not both (${both} in ${queue})`);
    const all = [...rule.refuse, ...rule.approve];
    if (all.includes("add") !== all.includes("duplicate"))
      throw new Error(`add and duplicate together: Bull Board sends both as the same request (${queue})`);
    if (all.length === 0) throw new Error(`at least one action for ${queue}`);
    // Defined, not assigned: a queue called "__proto__" is still just a key.
    Object.defineProperty(rails, queue, {
      value: { refuse: [...new Set(rule.refuse)], approve: [...new Set(rule.approve)] },
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return rails;
}

/**
 * The rule of a queue, if it has one. Queue names come from request paths: a plain lookup would
 * find Object's own members for "constructor" or "toString".
 */
function ruleFor(rails: GuardRails, queue: string): QueueRule | undefined {
  return Object.hasOwn(rails, queue) ? rails[queue] : undefined;
}

export function isRefused(rails: GuardRails, queue: string, action: QueueAction): boolean {
  return ruleFor(rails, queue)?.refuse.includes(action) ?? false;
}

/** Whether the action on this queue waits for a second person's approval (and so is not done from Bull Board). */
export function requiresApproval(rails: GuardRails, queue: string, action: QueueAction): boolean {
  return ruleFor(rails, queue)?.approve.includes(action) ?? false;
}

/** Bull Board's button label for each action, as the runbooks name them. */
const LABELS: Record<QueueAction, string> = {
  pause: "Pause",
  resume: "Resume",
  empty: "Empty",
  obliterate: "Obliterate",
  clean: "Clean",
  "retry-all": "Retry all",
  "promote-all": "Promote all",
  add: "Add job",
  duplicate: "Duplicate",
  concurrency: "Concurrency",
  "rate-limit": "Rate limit",
  scheduler: "Job schedulers",
  retry: "Retry",
  discard: "Clean (descartar o job)",
  promote: "Promote",
  "update-data": "Update data",
  delay: "Delay",
  priority: "Priority",
  "remove-children": "Remove unprocessed children",
};

export type Refusal = { kind: "refused" | "approval"; queue: string; action: QueueAction; message: string };

/**
 * Why Bull Board may not do these actions on this queue, or null when it may. One request can be
 * several actions (Bull Board sends Duplicate as Add job); the first one refused answers.
 */
export function boardRefusal(rails: GuardRails, queue: string, actions: QueueAction[]): Refusal | null {
  for (const action of actions) {
    const label = LABELS[action];
    if (isRefused(rails, queue, action)) {
      return {
        kind: "refused",
        queue,
        action,
        message: `Bloqueado na fila ${queue}: o runbook 03 proíbe ${label} nesta fila.`,
      };
    }
    if (requiresApproval(rails, queue, action)) {
      return {
        kind: "approval",
        queue,
        action,
        message: `Bloqueado na fila ${queue}: pelo runbook 03, ${label} exige aprovação de uma segunda pessoa. Faça pelo incidente, com aprovação.`,
      };
    }
  }
  return null;
}

/** One line for a queue's description in Bull Board, so the rule is visible before anyone clicks. */
export function guardRailNotice(rails: GuardRails, queue: string): string | null {
  const rule = ruleFor(rails, queue);
  if (!rule) return null;
  const parts: string[] = [];
  if (rule.refuse.length > 0) parts.push(`bloqueado: ${rule.refuse.map((a) => LABELS[a]).join(", ")}`);
  if (rule.approve.length > 0)
    parts.push(`só pelo incidente, com aprovação: ${rule.approve.map((a) => LABELS[a]).join(", ")}`);
  return `Runbook 03 — ${parts.join("; ")}.`;
}
