import type { FuzzEndpoint } from "../endpoint";
import { boardEndpoints } from "./bull-board";
import { checklistEndpoints } from "./checklists";
import { incidentEndpoints } from "./incidents";
import { nextActionEndpoints } from "./next-action";
import { pageEndpoints } from "./pages";
import { reportEndpoints } from "./reports";
import { userEndpoints } from "./users";
import { webhookEndpoints } from "./webhooks";

/**
 * Every fuzz entry. Bull Board's writes come last: they empty, clean and obliterate queues, which
 * would otherwise take away the DLQ entries the incident job actions are fuzzed against.
 */
export function fuzzEndpoints(): FuzzEndpoint[] {
  return [
    ...checklistEndpoints(),
    ...incidentEndpoints(),
    ...userEndpoints(),
    ...reportEndpoints(),
    ...webhookEndpoints(),
    ...pageEndpoints(),
    ...nextActionEndpoints(),
    ...boardEndpoints(),
  ];
}
