import type { IncidentSource, IncidentStatus, Severity, TimelineKind } from "@/lib/generated/prisma/enums.ts";
import type { Role } from "@/lib/generated/prisma/enums.ts";
import type { ResponseTarget } from "./targets";

export interface Actor {
  id: string;
  /** What the audit log is labelled by (with the id): a display name may change, or repeat. */
  email: string;
  name: string;
  role: Role;
}

export interface TimelineEntryView {
  id: string;
  kind: TimelineKind;
  body: string | null;
  /** Notes only: the Markdown rendered and sanitised. */
  html: string | null;
  data: unknown;
  actor: { id: string; name: string } | null;
  at: string;
}

export interface IncidentSummary {
  id: string;
  number: number;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  source: IncidentSource;
  runbookSlug: string | null;
  runbookVersion: string | null;
  fingerprint: string | null;
  commander: { id: string; name: string } | null;
  openedBy: { id: string; name: string } | null;
  openedAt: string;
  acknowledgedAt: string | null;
  mitigatedAt: string | null;
  resolvedAt: string | null;
  target: ResponseTarget;
}

/** A runbook step of one incident, as its latest `step` timeline entry left it. */
export interface StepState {
  itemId: string;
  done: boolean;
  by: { id: string; name: string } | null;
  at: string;
  entryId: string;
}

export interface IncidentView extends IncidentSummary {
  /** The newest entries (at most TIMELINE_PAGE), oldest first. */
  timeline: TimelineEntryView[];
  /** Cursor for the entries before `timeline`'s first (GET …/timeline?before=); null when there are none. */
  olderCursor: string | null;
  /** How many entries the whole timeline has. */
  timelineCount: number;
  /** Each ticked-or-unticked runbook step by item id; an item never touched is absent. */
  steps: Record<string, StepState>;
}

export interface TimelinePage {
  /** Oldest first. */
  entries: TimelineEntryView[];
  olderCursor: string | null;
}

export type Outcome = "created" | "replayed";

export interface StepResult {
  /** "unchanged": the step already was in the asked state; nothing was written. */
  outcome: Outcome | "unchanged";
  /** The entry written (or replayed); for "unchanged" the entry that set the current state, if any. */
  entry: TimelineEntryView | null;
  step: StepState | null;
  incident: IncidentSummary;
}

export interface EntryResult {
  outcome: Outcome;
  entry: TimelineEntryView;
  incident: IncidentSummary;
}
