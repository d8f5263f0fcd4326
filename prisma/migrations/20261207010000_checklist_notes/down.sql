-- Reverts 20261207010000_checklist_notes. Prisma ignores this file (only migration.sql is read and
-- checksummed), so whoever runs it must also retire the migration's row in "_prisma_migrations".

DROP TABLE "checklist_note_edits";
DROP TABLE "checklist_notes";
