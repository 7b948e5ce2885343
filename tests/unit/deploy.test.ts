import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { envSchema } from "@/lib/server/env";

// CI can't pull base images, so deploy/ is checked as text: what it sets, calls and runs must
// match the app (docs/operations.md#what-ci-exercises).
const root = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const packageScripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;

type Stage = { name: string; from: string; instructions: { op: string; args: string }[] };

/** The Dockerfile's stages, with continuation lines joined and comments dropped. */
function dockerStages(text: string): Stage[] {
  const lines = text.replace(/\\\n\s*/g, " ").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [op, ...rest] = line.split(/\s+/);
    const args = rest.join(" ");
    if (op === "FROM") {
      const [from, , name] = rest;
      stages.push({ name: name ?? `stage${stages.length}`, from: from!, instructions: [] });
    } else stages.at(-1)!.instructions.push({ op: op!, args });
  }
  return stages;
}

const envOf = (stage: Stage) =>
  Object.fromEntries(
    stage.instructions
      .filter((i) => i.op === "ENV")
      .flatMap((i) => [...i.args.matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g)].map((m) => [m[1]!, m[2]!])),
  );
const argsOf = (stage: Stage, op: string) => stage.instructions.filter((i) => i.op === op).map((i) => i.args);

/**
 * The subset of YAML deploy/compose.yaml is written in: nested maps by indentation, `- item` lists,
 * flow lists of strings and quoted or plain scalars. Enough to read it without a YAML dependency.
 */
function parseYaml(text: string): unknown {
  const lines = text
    .split("\n")
    .map((raw) => ({ indent: raw.search(/\S/), text: raw.replace(/\s+#.*$/, "").trim() }))
    .filter((l) => l.indent >= 0 && l.text && !l.text.startsWith("#"));
  const scalar = (v: string): unknown => {
    if (v.startsWith("[")) return JSON.parse(v);
    if (/^".*"$/.test(v)) return JSON.parse(v);
    return v;
  };
  let at = 0;
  function block(indent: number): unknown {
    if (lines[at]?.text.startsWith("- ")) {
      const list: unknown[] = [];
      while (lines[at] && lines[at]!.indent === indent && lines[at]!.text.startsWith("- ")) list.push(scalar(lines[at++]!.text.slice(2)));
      return list;
    }
    const map: Record<string, unknown> = {};
    while (lines[at] && lines[at]!.indent === indent) {
      const { text: line } = lines[at++]!;
      const colon = line.indexOf(":");
      const key = line.slice(0, colon);
      const value = line.slice(colon + 1).trim();
      if (value) map[key] = scalar(value);
      else map[key] = lines[at] && lines[at]!.indent > indent ? block(lines[at]!.indent) : null;
    }
    return map;
  }
  return block(0);
}

type Service = {
  build?: { target?: string; dockerfile?: string; context?: string };
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  env_file?: string;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
};

describe("deploy/Dockerfile", () => {
  const stages = dockerStages(read("deploy/Dockerfile"));
  const byName = (name: string) => stages.find((s) => s.name === name)!;
  const runtime = stages.at(-1)!;

  it("builds every stage on node:24-slim and ends with the runtime stage", () => {
    expect(stages.map((s) => s.name)).toEqual(["deps", "build", "worker", "runtime"]);
    for (const stage of stages) expect(["node:24-slim", "deps"]).toContain(stage.from);
    expect(runtime.from).toBe("node:24-slim");
  });

  it("sets only variables of the env schema", () => {
    const set = stages.flatMap((s) => Object.keys(envOf(s)));
    expect(set.length).toBeGreaterThan(5);
    expect(set.filter((name) => !(name in envSchema.shape))).toEqual([]);
  });

  it("runs the app and the worker as the unprivileged node user", () => {
    for (const stage of [runtime, byName("worker")]) {
      const users = argsOf(stage, "USER");
      expect(users.at(-1)).toBe("node");
    }
  });

  it("builds Next's standalone server, and next.config.mjs makes one only when asked", async () => {
    expect(envOf(byName("build")).NEXT_OUTPUT).toBe("standalone");
    expect(argsOf(byName("build"), "RUN")).toContain("npm run build");
    expect(packageScripts.build).toBe("next build");
    expect(argsOf(runtime, "COPY").some((a) => a.includes("/app/.next/standalone ./"))).toBe(true);

    const config = async () => {
      vi.resetModules();
      const file = path.join(root, "next.config.mjs");
      return ((await import(/* @vite-ignore */ file)) as { default: { output?: string } }).default.output;
    };
    vi.stubEnv("NEXT_OUTPUT", "");
    expect(await config()).toBeUndefined();
    vi.stubEnv("NEXT_OUTPUT", "standalone");
    expect(await config()).toBe("standalone");
  });

  it("listens, exposes and checks its health on one port, calling the liveness route", () => {
    const port = envOf(runtime).PORT;
    expect(port).toBe("3000");
    expect(envOf(runtime).HOSTNAME).toBe("0.0.0.0");
    expect(argsOf(runtime, "EXPOSE")).toEqual([port]);
    const [healthcheck] = argsOf(runtime, "HEALTHCHECK");
    const url = /http:\/\/127\.0\.0\.1:(\d+)(\/[\w/-]+)/.exec(healthcheck ?? "");
    expect(url?.[1]).toBe(port);
    expect(url?.[2]).toBe("/api/live");
    expect(read(`app${url![2]}/route.ts`)).toMatch(/export const GET\b|export (async )?function GET\b/);
  });

  it("starts the standalone server with the peer-address preload and drains on SIGTERM itself", () => {
    const [cmd] = argsOf(runtime, "CMD");
    expect(JSON.parse(cmd!)).toEqual(["node", "--import", "./scripts/peer-address.mjs", "server.js"]);
    expect(existsSync(path.join(root, "scripts/peer-address.mjs"))).toBe(true);
    expect(argsOf(runtime, "COPY").some((a) => a.endsWith("/app/scripts/peer-address.mjs ./scripts/peer-address.mjs"))).toBe(true);
    expect(envOf(runtime).NEXT_MANUAL_SIG_HANDLE).toBe("true");
  });

  it("keeps DATA_DIR in a volume the node user owns", () => {
    const dataDir = envOf(runtime).DATA_DIR;
    expect(dataDir).toBe("/data");
    expect(argsOf(runtime, "VOLUME")).toEqual([dataDir]);
    expect(argsOf(runtime, "RUN").some((a) => a.includes(`chown node:node ${dataDir}`))).toBe(true);
  });

  it("runs the worker stage's command as an npm script", () => {
    const [cmd] = argsOf(byName("worker"), "CMD");
    const [npm, run, script] = JSON.parse(cmd!) as string[];
    expect([npm, run]).toEqual(["npm", "run"]);
    expect(packageScripts[script!]).toBeDefined();
  });
});

describe("deploy/compose.yaml", () => {
  const compose = parseYaml(read("deploy/compose.yaml")) as { services: Record<string, Service>; volumes: Record<string, null> };
  const { app, worker, postgres, redis } = compose.services;
  const runtimeEnv = envOf(dockerStages(read("deploy/Dockerfile")).at(-1)!);

  it("runs the app, a worker, PostgreSQL and Redis", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["app", "postgres", "redis", "worker"]);
    expect(app!.build).toEqual({ context: "..", dockerfile: "deploy/Dockerfile", target: "runtime" });
    expect(worker!.build).toEqual({ context: "..", dockerfile: "deploy/Dockerfile", target: "worker" });
    expect(postgres!.image).toMatch(/^postgres:\d+$/);
    expect(redis!.image).toMatch(/^redis:\d+$/);
  });

  it("gives the app and the worker only variables of the env schema, the shared database and Redis", () => {
    for (const service of [app!, worker!]) {
      expect(service.env_file).toBe("../.env");
      const names = Object.keys(service.environment ?? {});
      expect(names.filter((name) => !(name in envSchema.shape))).toEqual([]);
      expect(service.environment?.DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
      expect(service.environment?.REDIS_URL).toBe("redis://redis:6379");
    }
  });

  it("publishes the port the image listens on and keeps DATA_DIR in a named volume", () => {
    expect(app!.ports).toEqual([`${runtimeEnv.PORT}:${runtimeEnv.PORT}`]);
    expect(app!.environment?.DATA_DIR).toBe(runtimeEnv.DATA_DIR);
    const [volume, mount] = app!.volumes![0]!.split(":");
    expect(mount).toBe(runtimeEnv.DATA_DIR);
    expect(compose.volumes).toHaveProperty(volume!);
  });

  it("runs `npm run worker` once the app (which migrates) is healthy", () => {
    expect(worker!.command).toEqual(["npm", "run", "worker"]);
    expect(packageScripts.worker).toBeDefined();
    expect(worker!.depends_on).toEqual({ app: { condition: "service_healthy" } });
    expect(app!.depends_on).toEqual({ postgres: { condition: "service_healthy" }, redis: { condition: "service_healthy" } });
  });
});

afterEach(() => {
  vi.unstubAllEnvs();
});
