-- Severity changes and runbooks attached after the opening get their own timeline kinds. The
-- response target is kept on the incident once its severity changes: from which moment it
-- counts and how many minutes it gives (NULL: opened_at and the severity's default).

-- AlterEnum
ALTER TYPE "TimelineKind" ADD VALUE 'severity';
ALTER TYPE "TimelineKind" ADD VALUE 'runbook';

-- AlterTable
ALTER TABLE "incidents" ADD COLUMN "target_from" TIMESTAMPTZ(3),
ADD COLUMN "target_minutes" INTEGER;
