ALTER TABLE "document_versions" ADD COLUMN "title_set" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "title_set" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Existing titles: "Untitled", or a document's own first line (what creating one named it), follow the document from now on; any other was typed by the writer.
UPDATE "documents" SET "title_set" = true WHERE "title" <> 'Untitled' AND "title" <> btrim(split_part(btrim("text", E' \n\t'), E'\n', 1));--> statement-breakpoint
UPDATE "documents" SET "title" = left(btrim(split_part(btrim("text", E' \n\t'), E'\n', 1)), 80) WHERE NOT "title_set" AND btrim("text", E' \n\t') <> '';--> statement-breakpoint
UPDATE "document_versions" SET "title_set" = true WHERE "title" <> 'Untitled' AND "title" <> btrim(split_part(btrim("text", E' \n\t'), E'\n', 1));
