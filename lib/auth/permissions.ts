import type { Role } from "@/lib/generated/prisma/enums.ts";

// The one permission matrix. Every page, route handler and the Bull Board guard ask
// `can(role, permission)`; the UI uses the same function to hide what a user cannot do.

export const ROLES = ["viewer", "operator", "manager", "admin"] as const satisfies readonly Role[];

export const PERMISSIONS = {
  /** Read runbooks, panels, checklists, incidents and their history. */
  "portal:read": ["viewer", "operator", "manager", "admin"],
  /** Tick and untick checklist items, with notes. */
  "checklists:tick": ["operator", "manager", "admin"],
  /** Open incidents, write notes, change status, hand over command. */
  "incidents:write": ["operator", "manager", "admin"],
  /** Retry or discard jobs (incident page and Bull Board write actions). */
  "jobs:act": ["operator", "manager", "admin"],
  /** Reports, history views and CSV exports. */
  "reports:read": ["manager", "admin"],
  /** The audit log page. */
  "audit:read": ["manager", "admin"],
  /** Users and roles. */
  "users:manage": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return !!role && (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
