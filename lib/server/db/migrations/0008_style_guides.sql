ALTER TABLE "documents" ADD COLUMN "style_guide" jsonb;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "style_guide" jsonb;