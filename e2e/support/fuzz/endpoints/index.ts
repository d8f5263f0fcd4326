import { discoverServerActions } from "../../discover";
import type { FuzzEndpoint } from "../endpoint";
import { actionEndpoints } from "./actions";
import { boardEndpoints } from "./bull-board";
import { checklistEndpoints } from "./checklists";
import { incidentEndpoints } from "./incidents";
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
    ...actionEndpoints(discoverServerActions()),
    ...boardEndpoints(),
  ];
}
