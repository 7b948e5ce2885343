import { z } from "zod";
import { documentOutlineSchema, type DocumentOutline } from "./document-outline";
import { limits } from "./limits";
import type { StyleGuide } from "./style-guide";
import { safeJson, safeRecord, safeString } from "./strings";

export const idSchema = z.uuid();

/** Attributes a model call's usage to one of the caller's documents. */
export const documentIdField = z.uuid().optional();

interface DocNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: DocNode[];
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

const nodeSchema: z.ZodType<DocNode> = z.lazy(() =>
  z.object({
    type: safeString().min(1).max(64),
    attrs: safeRecord(safeJson()).optional(),
    content: z.array(nodeSchema).optional(),
    text: safeString().optional(),
    marks: z.array(z.object({ type: safeString().min(1).max(64), attrs: safeRecord(safeJson()).optional() })).optional(),
  }),
);

/** Far deeper than real documents (lists nest a few levels); a crafted deeper body would exhaust the stack. */
const maxNodeDepth = 100;

/** Counts nesting without recursion, so it is safe on any input. */
function withinDepth(value: unknown): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const [node, depth] = item;
    if (depth > maxNodeDepth) return false;
    const content = (node as { content?: unknown } | null)?.content;
    if (Array.isArray(content)) for (const child of content) pending.push([child, depth + 1]);
  }
  return true;
}

/** The editor's document: ProseMirror JSON with a `doc` root. */
export const documentContentSchema = safeJson()
  .refine(withinDepth, `The document is nested more than ${maxNodeDepth} levels deep.`)
  .pipe(
    z.object({
      type: z.literal("doc"),
      content: z.array(nodeSchema).optional(),
    }),
  );
export type DocumentContent = z.infer<typeof documentContentSchema>;

export const emptyDocument: DocumentContent = { type: "doc", content: [{ type: "paragraph" }] };

const titleSchema = safeString().trim().max(limits.titleChars);

/** Where a title comes from: `automatic` follows the document (its opening heading, else its first line); `writer` was typed and stays. */
export const titleSources = ["automatic", "writer"] as const;
export type TitleSource = (typeof titleSources)[number];

export const createDocumentSchema = z
  .object({
    title: titleSchema.optional().describe("The writer's title; without one (or empty) the title follows the document."),
    content: documentContentSchema.optional(),
  })
  .strict();
export type CreateDocumentInput = z.infer<typeof createDocumentSchema>;

const snapshotSources = ["ai", "manual", "merge"] as const;

export const updateDocumentSchema = z
  .object({
    base_version: z.number().int().min(1).describe("The version this edit started from; an older one gets 409."),
    title: titleSchema
      .optional()
      .describe("The writer's title, kept until changed; an empty string makes the title automatic again (it follows the document)."),
    content: documentContentSchema.optional(),
    outline: documentOutlineSchema.nullable().optional().describe("The document's outline; null removes it. Not versioned."),
    snapshot: z
      .object({
        label: safeString().trim().min(1).max(limits.versionLabelChars),
        source: z.enum(snapshotSources),
      })
      .strict()
      .optional()
      .describe("Keep this state as a named version, e.g. after accepting an AI edit."),
  })
  .strict()
  .refine((v) => v.title !== undefined || v.content !== undefined || v.outline !== undefined, {
    message: "Send a title, content or outline to save.",
    path: ["content"],
  });
export type UpdateDocumentInput = z.infer<typeof updateDocumentSchema>;

const flag = z
  .enum(["true", "false", "1", "0"])
  .optional()
  .transform((v) => v === "true" || v === "1");

export const listDocumentsQuerySchema = z.object({
  q: safeString().trim().max(limits.searchChars).optional(),
  trash: flag,
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListDocumentsQuery = z.infer<typeof listDocumentsQuerySchema>;

/** `DELETE /api/documents/{id}?permanent=true` deletes a trashed document forever. */
export const deleteDocumentQuerySchema = z.object({
  permanent: flag,
  /** A new document left without an edit is deleted forever; any other is kept (`discarded: false`). */
  if_untouched: flag,
});

export const restoreVersionSchema = z
  .object({
    base_version: z.number().int().min(1).optional(),
    restore_title: z.boolean().optional().describe("Also take the version's title; by default the document keeps its current one."),
  })
  .strict();

/** Names a version ("Name this version" keeps the current state; a kept version can be renamed). Named versions are never pruned. */
export const versionLabelSchema = z.object({ label: safeString().trim().min(1).max(limits.versionLabelChars) }).strict();

const exportFormats = ["md", "html", "docx"] as const;
export type ExportFormat = (typeof exportFormats)[number];
/** How pending AI suggestions export: settled either way, or (DOCX only, its default) as Word tracked changes. */
export const exportSuggestionChoices = ["original", "accepted", "tracked"] as const;
export type ExportSuggestions = (typeof exportSuggestionChoices)[number];
export const exportQuerySchema = z
  .object({
    format: z.enum(exportFormats),
    suggestions: z.enum(exportSuggestionChoices).optional(),
    /** `appendix`: the document's authorship record (lib/contracts/authorship.ts) follows the text (DOCX only). */
    authorship: z.enum(["appendix"]).optional(),
  })
  .refine((query) => query.suggestions !== "tracked" || query.format === "docx", { path: ["suggestions"], message: "tracked is for docx only." })
  .refine((query) => query.authorship === undefined || query.format === "docx", { path: ["authorship"], message: "The authorship appendix is for docx only." });

export interface DocumentSummaryJson {
  id: string;
  title: string;
  title_source: TitleSource;
  snippet: string;
  version: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface DocumentJson extends DocumentSummaryJson {
  content: DocumentContent;
  /** The outline it is drafted from (null: none yet); absent in answers that only carry the text. */
  outline?: DocumentOutline | null;
  /** Its own style guide (`{}`: none at all); null: it follows the account default. Absent where `outline` is. */
  style_guide?: StyleGuide | null;
}

export interface VersionSummaryJson {
  id: string;
  version: number;
  title: string;
  title_source: TitleSource;
  label: string;
  source: string;
  chars: number;
  created_at: string;
}

export interface VersionJson extends VersionSummaryJson {
  content: DocumentContent;
}

/** The body of a 409: the client merges against `current`. */
export interface VersionConflictJson {
  error: { code: "version_conflict"; message: string };
  current: DocumentJson;
}
