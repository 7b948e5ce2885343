import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import tsParser from "@typescript-eslint/parser";
import { ESLint } from "eslint";
import { afterEach, describe, expect, it } from "vitest";
import { noImportCycle } from "@/scripts/lint/no-import-cycle.mjs";

let project: string | undefined;
afterEach(() => {
  if (project) rmSync(project, { recursive: true, force: true });
  project = undefined;
});

/** Lints a throwaway project of the given files (with the `@/` alias) with only the cycle rule. */
async function cyclesIn(files: Record<string, string>): Promise<string[]> {
  project = mkdtempSync(path.join(tmpdir(), "cycles-"));
  writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: { moduleResolution: "bundler", module: "esnext", paths: { "@/*": ["./*"] } } }));
  for (const [name, source] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(project, name)), { recursive: true });
    writeFileSync(path.join(project, name), source);
  }
  const eslint = new ESLint({
    cwd: project,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ["**/*.ts"],
        languageOptions: { parser: tsParser },
        plugins: { draftwise: { rules: { "no-import-cycle": noImportCycle } } },
        rules: { "draftwise/no-import-cycle": "error" },
      },
    ],
  });
  const results = await eslint.lintFiles(["**/*.ts"]);
  return results.flatMap((r) => r.messages.map((m) => `${path.relative(project!, r.filePath)}: ${m.message.split(". Move")[0]}`)).sort();
}

describe("the import-cycle lint rule", () => {
  it("finds a cycle closed by a type-only import through the @/ alias", async () => {
    const found = await cyclesIn({
      "lib/log.ts": 'import type { Outcome } from "@/lib/client";\nexport const log = (o: Outcome) => o;\n',
      "lib/client.ts": 'import { log } from "./log";\nexport interface Outcome { ok: boolean }\nlog({ ok: true });\n',
    });
    expect(found).toEqual(["lib/client.ts: Import cycle: lib/client.ts → lib/log.ts → lib/client.ts", "lib/log.ts: Import cycle: lib/log.ts → lib/client.ts → lib/log.ts"]);
  });

  it("finds a cycle closed by a dynamic import() or a re-export", async () => {
    const found = await cyclesIn({
      "runner.ts": 'export const run = () => import("./queue");\n',
      "queue.ts": 'export { run } from "./runner";\n',
    });
    expect(found).toEqual(["queue.ts: Import cycle: queue.ts → runner.ts → queue.ts", "runner.ts: Import cycle: runner.ts → queue.ts → runner.ts"]);
  });

  it("lets imports that only go one way pass", async () => {
    const found = await cyclesIn({
      "jobs.ts": 'import { send } from "./webhooks";\nimport type { JobJson } from "./job-json";\nexport const done = (j: JobJson) => send(j);\n',
      "webhooks.ts": 'import type { JobJson } from "./job-json";\nexport const send = (j: JobJson) => j;\n',
      "job-json.ts": "export interface JobJson { id: string }\n",
    });
    expect(found).toEqual([]);
  });
});
