-- Job search (ADR 0014): a copy of every job in the monitored queues and DLQs, searchable by
-- substring through trigram indexes. pg_trgm ships with PostgreSQL (contrib) and is a trusted
-- extension, so the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateTable
CREATE TABLE "job_index" (
    "queue" TEXT NOT NULL,
    "job_id" TEXT NOT NULL,
    "source_queue" TEXT NOT NULL,
    "original_job_id" TEXT,
    "dead_letter" BOOLEAN NOT NULL,
    "name" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "attempts_made" INTEGER NOT NULL,
    "attempts_allowed" INTEGER,
    "failed_reason" TEXT,
    "data_text" TEXT NOT NULL,
    "search_text" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "synced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "job_index_pkey" PRIMARY KEY ("queue","job_id")
);

-- CreateIndex
CREATE INDEX "job_index_job_id_idx" ON "job_index"("job_id");

-- CreateIndex
CREATE INDEX "job_index_original_job_id_idx" ON "job_index"("original_job_id");

-- CreateIndex
CREATE INDEX "job_index_created_at_idx" ON "job_index"("created_at");

-- CreateIndex
CREATE INDEX "job_index_search_text_idx" ON "job_index" USING GIN ("search_text" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "timeline_entries_data_idx" ON "timeline_entries" USING GIN ("data" jsonb_path_ops);
