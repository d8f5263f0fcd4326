-- Reverts 20261207070000_job_search_index. Prisma ignores this file (only migration.sql is read and
-- checksummed), so whoever runs it must also retire the migration's row in "_prisma_migrations".
-- pg_trgm stays: other objects outside the portal's schema may use it.

-- DropIndex
DROP INDEX "timeline_entries_data_idx";

-- DropTable
DROP TABLE "job_index";
