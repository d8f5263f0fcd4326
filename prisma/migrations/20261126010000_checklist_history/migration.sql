-- AlterTable
ALTER TABLE "checklist_runs" ADD COLUMN     "optional_items" TEXT[] DEFAULT ARRAY[]::TEXT[];
