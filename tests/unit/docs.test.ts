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

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    if (fenced) continue;
    for (const match of line.matchAll(/<a id="([^"]+)"><\/a>/g)) anchors.add(match[1]!);
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (!heading) continue;
    const base = heading[1]!
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count ? `${base}-${count}` : base);
  }
  return anchors;
}

/** A pointer's target: a Markdown file relative to the repository, and maybe a heading anchor in it. */
function checkTarget(file: string, anchor: string | undefined): string | undefined {
  if (!existsSync(path.join(root, file))) return `${file} does not exist`;
  if (anchor && file.endsWith(".md") && !anchorsOf(read(file)).has(anchor)) return `${file} has no heading #${anchor}`;
  return undefined;
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

describe("pointers into the docs", () => {
  const sourceDirs = ["app", "components", "hooks", "lib", "scripts", "tests", "bench", "deploy"];
  const sources = [
    ...sourceDirs.flatMap((dir) => filesUnder(dir, /\.(ts|tsx|mjs|js|json|ya?ml)$|^Dockerfile$/)),
    ...["instrumentation.ts", "proxy.ts", "next.config.mjs", "eslint.config.mjs"],
  ];

  it("has every `README → …` and docs/… pointer in code name a file and heading that exist", () => {
    const readmeAnchors = anchorsOf(read("README.md"));
    const broken: string[] = [];
    let pointers = 0;
    for (const file of sources) {
      const text = read(file);
      for (const match of text.matchAll(/README → ([\w ]+?)(?=[).,;:"'`\n]|$| →)/g)) {
        pointers++;
        const anchor = match[1]!.trim().toLowerCase().replace(/\s/g, "-");
        if (!readmeAnchors.has(anchor)) broken.push(`${file}: "README → ${match[1]}" has no README heading #${anchor}`);
      }
      for (const match of text.matchAll(/(?<![\w/.-])docs\/([\w-]+\.md)(?:#([\w-]+))?/g)) {
        pointers++;
        const problem = checkTarget(`docs/${match[1]}`, match[2]);
        if (problem) broken.push(`${file}: ${match[0]}: ${problem}`);
      }
    }
    expect(pointers).toBeGreaterThan(10);
    expect(broken).toEqual([]);
  });

  it("has every local link in README.md and docs/*.md lead to a file and heading that exist", () => {
    const pages = ["README.md", ...filesUnder("docs", /\.md$/)];
    const broken: string[] = [];
    for (const page of pages) {
      const text = read(page).replace(/```[\s\S]*?```/g, "");
      for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1]!;
        if (/^[a-z]+:/i.test(target) || target.startsWith("/")) continue; // other sites; the app's own routes
        const [file, anchor] = target.split("#") as [string, string | undefined];
        const resolved = file ? path.normalize(path.join(path.dirname(page), file)) : page;
        const problem = checkTarget(resolved, anchor);
        if (problem) broken.push(`${page}: (${target}): ${problem}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
