-- Reverts 20261125000000_init completely. Prisma ignores this file (only migration.sql is read and
-- checksummed), so whoever runs it must also retire the migration's row in "_prisma_migrations".

-- DropForeignKey
ALTER TABLE "checklist_runs" DROP CONSTRAINT "checklist_runs_completed_by_id_fkey";

-- DropForeignKey
ALTER TABLE "checklist_ticks" DROP CONSTRAINT "checklist_ticks_run_id_fkey";

-- DropForeignKey
ALTER TABLE "checklist_ticks" DROP CONSTRAINT "checklist_ticks_actor_id_fkey";

-- DropForeignKey
ALTER TABLE "incidents" DROP CONSTRAINT "incidents_commander_id_fkey";

-- DropForeignKey
ALTER TABLE "incidents" DROP CONSTRAINT "incidents_opened_by_id_fkey";

-- DropForeignKey
ALTER TABLE "timeline_entries" DROP CONSTRAINT "timeline_entries_incident_id_fkey";

-- DropForeignKey
ALTER TABLE "timeline_entries" DROP CONSTRAINT "timeline_entries_actor_id_fkey";

-- DropForeignKey
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_actor_id_fkey";

-- DropTable
DROP TABLE "users";

-- DropTable
DROP TABLE "checklist_runs";

-- DropTable
DROP TABLE "checklist_ticks";

-- DropTable
DROP TABLE "incidents";

-- DropTable
DROP TABLE "timeline_entries";

-- DropTable
DROP TABLE "audit_events";

-- DropEnum
DROP TYPE "Role";

-- DropEnum
DROP TYPE "Cadence";

-- DropEnum
DROP TYPE "TickAction";

-- DropEnum
DROP TYPE "Severity";

-- DropEnum
DROP TYPE "IncidentStatus";

-- DropEnum
DROP TYPE "IncidentSource";

-- DropEnum
DROP TYPE "TimelineKind";
