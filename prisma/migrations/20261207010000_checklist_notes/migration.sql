-- CreateTable
CREATE TABLE "checklist_notes" (
    "id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "item_id" TEXT NOT NULL,
    "author_id" UUID NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "checklist_notes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "checklist_note_edits" (
    "id" UUID NOT NULL,
    "note_id" UUID NOT NULL,
    "editor_id" UUID NOT NULL,
    "before" TEXT,
    "after" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "checklist_note_edits_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "checklist_notes_run_id_item_id_idx" ON "checklist_notes"("run_id", "item_id");

-- CreateIndex
CREATE UNIQUE INDEX "checklist_note_edits_idempotency_key_key" ON "checklist_note_edits"("idempotency_key");

-- CreateIndex
CREATE INDEX "checklist_note_edits_note_id_created_at_idx" ON "checklist_note_edits"("note_id", "created_at");

-- AddForeignKey
ALTER TABLE "checklist_notes" ADD CONSTRAINT "checklist_notes_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "checklist_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "checklist_notes" ADD CONSTRAINT "checklist_notes_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "checklist_note_edits" ADD CONSTRAINT "checklist_note_edits_note_id_fkey" FOREIGN KEY ("note_id") REFERENCES "checklist_notes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "checklist_note_edits" ADD CONSTRAINT "checklist_note_edits_editor_id_fkey" FOREIGN KEY ("editor_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
