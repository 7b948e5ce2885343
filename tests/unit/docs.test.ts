import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { envSchema } from "@/lib/server/env";
import { envDocs, generatedFiles } from "@/scripts/generate-env-docs";

const root = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

function filesUnder(dir: string, extensions: RegExp): string[] {
  const full = path.join(root, dir);
  if (!existsSync(full)) return [];
  if (statSync(full).isFile()) return [dir];
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) return [];
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(rel, extensions);
    return extensions.test(entry.name) ? [rel] : [];
  });
}

describe("environment documentation", () => {
  it("documents every variable of the schema in one section, with a description", () => {
    const docs = envDocs();
    expect(docs.map((d) => d.name).sort()).toEqual(Object.keys(envSchema.shape).sort());
    const undocumented = docs.filter((d) => d.description.trim().length < 10).map((d) => d.name);
    expect(undocumented).toEqual([]);
  });

  it.each(Object.entries(generatedFiles))("%s is what `npm run docs:env` generates", (file, render) => {
    expect(read(file), `${file} is stale: run npm run docs:env`).toBe(render());
  });

  // The app's code and the scripts a deployment runs; the test harness (test-all, with-postgres,
  // redis, postgres, dev-fake), tests/ and bench/ read their own knobs, listed in configuration.md.
  const runtimeSources = [
    ...["app", "lib", "components", "hooks"].flatMap((dir) => filesUnder(dir, /\.(ts|tsx|mjs)$/)),
    "instrumentation.ts",
    "instrumentation-client.ts",
    "proxy.ts",
    "next.config.mjs",
    ...["worker.ts", "api-key.ts", "model-pull.ts", "db-migrate.ts", "script-env.ts", "serve.mjs", "start.mjs", "peer-address.mjs"].map(
      (f) => `scripts/${f}`,
    ),
  ];
  // Not configuration: Next sets NEXT_RUNTIME per runtime; DRAFTWISE_API_KEY is text in the API docs' code samples.
  const notConfiguration = new Set(["NEXT_RUNTIME", "DRAFTWISE_API_KEY"]);

  it("has every process.env variable the app and its runtime scripts read in the schema", () => {
    const read_ = runtimeSources.flatMap((file) =>
      [...read(file).matchAll(/process\.env(?:\.([A-Z_][A-Z0-9_]*)|\[["']([A-Z_][A-Z0-9_]*)["']\])/g)].map((m) => ({
        file,
        name: (m[1] ?? m[2])!,
      })),
    );
    expect(read_.length).toBeGreaterThan(5);
    const missing = read_.filter(({ name }) => !(name in envSchema.shape) && !notConfiguration.has(name));
    expect(missing).toEqual([]);
  });
});
