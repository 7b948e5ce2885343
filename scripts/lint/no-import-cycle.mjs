// An ESLint rule that fails on any import cycle between the project's modules, counting type-only
// imports, re-exports and dynamic import() too. eslint-plugin-import's no-cycle skips type-only
// imports, and a type import is how log.ts once closed a loop of nine modules.
import { readdirSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

const sourceFile = /\.(?:[cm]?[jt]s|tsx|jsx)$/;
const skippedDirs = new Set(["node_modules", "test-results", "playwright-report", "data"]);

function projectFiles(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || skippedDirs.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) projectFiles(full, out);
    else if (sourceFile.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

/** The project's import graph and its cycles (strongly connected components), built once per lint run. */
function buildGraph(root) {
  const configPath = ts.findConfigFile(root, ts.sys.fileExists);
  const { options } = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, root);
  const host = ts.createCompilerHost(options);
  const cache = ts.createModuleResolutionCache(root, (f) => f, options);
  const files = projectFiles(root);
  const known = new Set(files);
  const resolve = (from, specifier) => {
    const resolved = ts.resolveModuleName(specifier, from, options, host, cache).resolvedModule;
    const file = resolved && !resolved.isExternalLibraryImport ? path.resolve(resolved.resolvedFileName) : undefined;
    return file && known.has(file) ? file : undefined;
  };
  const edges = new Map();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(ts.sys.readFile(file) ?? "", true, true);
    edges.set(file, [...new Set(importedFiles.map((i) => resolve(file, i.fileName)).filter(Boolean))]);
  }
  // Tarjan's algorithm, iterative (deep chains would overflow the stack).
  const component = new Map();
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  let counter = 0;
  for (const start of files) {
    if (index.has(start)) continue;
    const work = [[start, 0]];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1];
      const [node, i] = frame;
      const next = edges.get(node)[i];
      if (next !== undefined) {
        frame[1]++;
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          work.push([next, 0]);
        } else if (onStack.has(next)) low.set(node, Math.min(low.get(node), index.get(next)));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(node)));
      }
      if (low.get(node) === index.get(node)) {
        const members = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          members.push(member);
        } while (member !== node);
        for (const m of members) component.set(m, node);
      }
    }
  }
  return { edges, component, resolve };
}

/** The shortest way back from `from` to `to` through the graph, for the message. */
function pathBack(graph, from, to) {
  const previous = new Map([[from, null]]);
  const queue = [from];
  while (queue.length) {
    const node = queue.shift();
    if (node === to) break;
    for (const next of graph.edges.get(node)) {
      if (previous.has(next) || graph.component.get(next) !== graph.component.get(from)) continue;
      previous.set(next, node);
      queue.push(next);
    }
  }
  const route = [];
  for (let node = to; node; node = previous.get(node)) route.unshift(node);
  return route;
}

const graphs = new Map();

export const noImportCycle = {
  meta: {
    type: "problem",
    docs: { description: "Disallow import cycles between the project's modules, type-only and dynamic imports included." },
    schema: [],
    messages: { cycle: "Import cycle: {{cycle}}. Move what both sides need into a leaf module, or make one side stop importing the other." },
  },
  create(context) {
    const root = context.cwd;
    if (!graphs.has(root)) graphs.set(root, buildGraph(root));
    const graph = graphs.get(root);
    const file = path.resolve(context.filename);
    if (!graph.edges.has(file)) return {};
    const check = (source) => {
      if (!source || source.type !== "Literal" || typeof source.value !== "string") return;
      const target = graph.resolve(file, source.value);
      if (!target || graph.component.get(target) !== graph.component.get(file)) return;
      const cycle = [file, ...pathBack(graph, target, file)].map((f) => path.relative(root, f)).join(" → ");
      context.report({ node: source, messageId: "cycle", data: { cycle } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};
