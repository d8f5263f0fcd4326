-- Reverts 20261207080000_incident_severity_changes. Prisma ignores this file (only migration.sql is
-- read and checksummed), so whoever runs it must also retire the migration's row in "_prisma_migrations".
-- PostgreSQL cannot drop an enum value: the entries of the new kinds are deleted and the type is rebuilt.

-- AlterTable
ALTER TABLE "incidents" DROP COLUMN "target_from",
DROP COLUMN "target_minutes";

-- AlterEnum
DELETE FROM "timeline_entries" WHERE "kind" IN ('severity', 'runbook');
ALTER TYPE "TimelineKind" RENAME TO "TimelineKind_old";
CREATE TYPE "TimelineKind" AS ENUM ('note', 'step', 'status', 'action', 'alert', 'commander');
ALTER TABLE "timeline_entries" ALTER COLUMN "kind" TYPE "TimelineKind" USING ("kind"::text::"TimelineKind");
DROP TYPE "TimelineKind_old";
