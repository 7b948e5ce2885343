import type { MarkType, NodeType, Schema } from "@tiptap/pm/model";
import { authorshipAttributeRules, authorshipMarkName, requiredAuthorshipAttributes } from "@/lib/editor/authorship/marks";
import { suggestionAttributeRules, suggestionMarkName } from "@/lib/editor/suggestions/marks";
import { documentSchema, headingLevels } from "./schema";

/**
 * The server's check of a document against the editor's own schema (lib/documents/schema.ts),
 * so a document the API accepts is one the editor opens as it was saved. A first pass over the
 * JSON (iterative: any input is safe, however deep) checks node and mark types, attributes and
 * their values, content rules, nesting and size, naming the path of the first problem; then
 * ProseMirror builds the document and checks it as the editor would.
 */

/** Where a document breaks the schema: `path` leads from the document's root to the value. */
interface DocumentProblem {
  path: (string | number)[];
  message: string;
}

/** Far deeper than real documents (lists nest a few levels), and shallow enough for ProseMirror's recursion. */
export const maxDocumentDepth = 100;
/** Nodes in all: a real document at the text limit has tens of thousands (marks are bounded per node). */
export const maxDocumentNodes = 200_000;
/** One attribute's text; the longest real ones are link addresses. */
export const maxAttributeChars = 10_000;

type Path = DocumentProblem["path"];
/** What is wrong with an attribute's value, or null. */
type AttributeRule = (value: unknown, schema: Schema) => string | null;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** JSON names like "constructor" are not types: the schema's tables are plain objects. */
const own = <T>(table: Record<string, T>, name: unknown): T | undefined =>
  typeof name === "string" && Object.hasOwn(table, name) ? table[name] : undefined;

const plainValue: AttributeRule = (value) => {
  if (typeof value === "string") return value.length > maxAttributeChars ? `is longer than ${maxAttributeChars.toLocaleString("en-US")} characters` : null;
  if (value === null || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))) return null;
  return "must be a string, a number, true, false or null";
};

/** Addresses every link rule allows, so most links skip rendering. */
const commonAddress = /^(?:https?:\/\/|mailto:)/;

/** The editor renders a link it doesn't allow (`javascript:` and the like) without its address. */
const linkHref: AttributeRule = (value, schema) => {
  if (value === null) return null;
  if (typeof value !== "string") return "must be a string or null";
  const problem = plainValue(value, schema);
  if (problem || commonAddress.test(value)) return problem;
  const link = schema.marks.link!;
  const rendered = link.spec.toDOM?.(link.create({ href: value }), true);
  const href = Array.isArray(rendered) && isRecord(rendered[1]) ? rendered[1].href : undefined;
  return href === value ? null : "is not an address the editor links to";
};

/** Values the editor can hold; attributes not listed take any plain value. */
const attributeRules: Record<string, Record<string, AttributeRule>> = {
  heading: { level: (value) => (headingLevels.some((level) => level === value) ? null : `must be one of ${headingLevels.join(", ")}`) },
  // A pasted `<ol start="x">` is NaN in the editor, which JSON sends as null.
  orderedList: { start: (value) => (value === null || (typeof value === "number" && Number.isFinite(value)) ? null : "must be a number") },
  link: { href: linkHref },
  [suggestionMarkName]: suggestionAttributeRules,
  [authorshipMarkName]: authorshipAttributeRules,
};

/** Attributes a value of the type can't do without (Tiptap gives every attribute a default of null). */
const requiredAttributes: Record<string, readonly string[]> = {
  [suggestionMarkName]: ["kind", "id", "runId"],
  [authorshipMarkName]: requiredAuthorshipAttributes,
};

function attributesProblem(schema: Schema, type: NodeType | MarkType, attrs: unknown, path: Path): DocumentProblem | null {
  if (attrs === undefined) attrs = {};
  if (!isRecord(attrs)) return { path: [...path, "attrs"], message: "attrs must be an object." };
  const missing = own(requiredAttributes, type.name)?.find((name) => !Object.hasOwn(attrs, name));
  if (missing) return { path: [...path, "attrs", missing], message: `${type.name} needs a ${missing} attribute.` };
  const known = type.spec.attrs ?? {};
  for (const name in attrs) {
    const at = [...path, "attrs", name];
    if (!Object.hasOwn(known, name)) return { path: at, message: `${type.name} has no attribute "${name.slice(0, 64)}".` };
    const problem = (own(attributeRules, type.name)?.[name] ?? plainValue)(attrs[name], schema);
    if (problem) return { path: at, message: `${type.name} ${name} ${problem}.` };
  }
  return null;
}

function marksProblem(schema: Schema, parent: NodeType, marks: unknown, path: Path): DocumentProblem | null {
  if (marks === undefined) return null;
  const at = [...path, "marks"];
  if (!Array.isArray(marks)) return { path: at, message: "marks must be an array." };
  const types: MarkType[] = [];
  for (const [index, mark] of marks.entries()) {
    const type = isRecord(mark) ? own(schema.marks, mark.type) : undefined;
    if (!type) return { path: [...at, index, "type"], message: `Unknown mark type${isRecord(mark) && typeof mark.type === "string" ? ` "${mark.type.slice(0, 64)}"` : ""}.` };
    if (!parent.allowsMarkType(type)) return { path: [...at, index], message: `${parent.name} doesn't allow ${type.name} marks in it.` };
    const clash = types.find((other) => other === type || other.excludes(type) || type.excludes(other));
    if (clash) return { path: [...at, index], message: clash === type ? `${type.name} is marked twice.` : `${type.name} can't be combined with ${clash.name}.` };
    types.push(type);
    const problem = attributesProblem(schema, type, (mark as Record<string, unknown>).attrs, [...at, index]);
    if (problem) return problem;
  }
  return null;
}

/** One node in the first pass: its parent for its path, and the type that holds it (for its marks). */
interface Pending {
  node: Record<string, unknown>;
  type: NodeType;
  parent: Pending | null;
  key: number;
  depth: number;
  holder: NodeType | null;
}

/** Built only for a problem: most nodes never need theirs. */
function pathOf(entry: Pending, rest: Path): Path {
  const path = [...rest];
  for (let at: Pending | null = entry; at?.parent; at = at.parent) path.unshift("content", at.key);
  return path;
}

/** What the schema says about this node itself (not its children); the path is from the node. */
function ownProblem(schema: Schema, { node, type, holder }: Pending): DocumentProblem | null {
  if (type.isText) {
    if (typeof node.text !== "string" || node.text === "") return { path: ["text"], message: "A text node needs text." };
  } else if (node.text !== undefined) {
    return { path: ["text"], message: `Only text nodes have text; put it in a text node in ${type.name}'s content.` };
  }
  return attributesProblem(schema, type, node.attrs, []) ?? (holder ? marksProblem(schema, holder, node.marks, []) : null);
}

/** What the schema says about this node's children; the path is from the node. */
function contentProblem(schema: Schema, entry: Pending, children: unknown[], found: Pending[]): DocumentProblem | null {
  const { type } = entry;
  let match = type.contentMatch;
  for (const [index, child] of children.entries()) {
    const childType = isRecord(child) ? own(schema.nodes, child.type) : undefined;
    if (!childType) {
      const name = isRecord(child) && typeof child.type === "string" ? ` "${child.type.slice(0, 64)}"` : "";
      return { path: ["content", index, "type"], message: `Unknown node type${name}.` };
    }
    const next = match.matchType(childType);
    if (!next) {
      const message = type.isLeaf ? `${type.name} holds no content.` : `${childType.name} is not allowed here in ${type.name} (its content must match "${type.spec.content}").`;
      return { path: ["content", index], message };
    }
    match = next;
    found.push({ node: child as Record<string, unknown>, type: childType, parent: entry, key: index, depth: entry.depth + 1, holder: type });
  }
  return match.validEnd ? null : { path: ["content"], message: `${type.name}'s content must match "${type.spec.content}".` };
}

/** The first place where `value` is not a document the editor's schema allows; null when it is one. */
export function documentProblem(value: unknown): DocumentProblem | null {
  const schema = documentSchema();
  const top = schema.topNodeType;
  if (!isRecord(value) || value.type !== top.name) return { path: ["type"], message: `A document is a node of type "${top.name}".` };
  const pending: Pending[] = [{ node: value, type: top, parent: null, key: 0, depth: 0, holder: null }];
  let count = 1;
  for (let entry = pending.pop(); entry; entry = pending.pop()) {
    const { content } = entry.node;
    if (content !== undefined && !Array.isArray(content)) return { path: pathOf(entry, ["content"]), message: "content must be an array." };
    const children = (content ?? []) as unknown[];
    if (children.length && entry.depth >= maxDocumentDepth) {
      return { path: pathOf(entry, ["content"]), message: `The document is nested more than ${maxDocumentDepth} levels deep.` };
    }
    count += children.length;
    if (count > maxDocumentNodes) return { path: [], message: `The document has more than ${maxDocumentNodes.toLocaleString("en-US")} nodes.` };
    const found: Pending[] = [];
    const problem = ownProblem(schema, entry) ?? contentProblem(schema, entry, children, found);
    if (problem) return { ...problem, path: pathOf(entry, problem.path) };
    // Last first, so the first problem in reading order is the one reported.
    for (let i = found.length - 1; i >= 0; i--) pending.push(found[i]!);
  }
  try {
    schema.nodeFromJSON(value).check();
  } catch (error) {
    return { path: [], message: error instanceof Error ? error.message : "The document does not fit the editor's schema." };
  }
  return null;
}
