-- Reverts 20261126010000_checklist_history. Prisma ignores this file (only migration.sql is read and
-- checksummed), so whoever runs it must also retire the migration's row in "_prisma_migrations".

-- AlterTable
ALTER TABLE "checklist_runs" DROP COLUMN "optional_items";
