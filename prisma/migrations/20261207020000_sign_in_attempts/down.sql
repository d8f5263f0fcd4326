-- Reverts 20261207020000_sign_in_attempts. Prisma ignores this file (only migration.sql is read and
-- checksummed), so whoever runs it must also retire the migration's row in "_prisma_migrations".

-- DropTable
DROP TABLE "sign_in_attempts";
