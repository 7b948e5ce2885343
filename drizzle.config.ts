import { defineConfig } from "drizzle-kit";

// Generates SQL migrations from the schema: `npm run db:generate`. They run at start and with `npm run db:migrate`.
export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/server/db/schema.ts",
  out: "./lib/server/db/migrations",
});
