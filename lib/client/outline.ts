import type { DeepPartial } from "ai";
import type { DocumentOutline, DocumentOutlineSection } from "@/lib/contracts/document-outline";
import { outlineLengths, type Outline, type OutlineSection } from "@/lib/contracts/outline";

/** One section as the writer edits it; key points one per line, blank lines kept while typing (dropped when drafting). */
export type EditableSection = DocumentOutlineSection;
export type EditableOutline = NonNullable<DocumentOutline["outline"]>;
export type OutlineBrief = DocumentOutline["brief"];
/** A document's outline: what the panel shows and the server keeps with the document. */
export type StoredOutline = DocumentOutline;

export const emptyStoredOutline: StoredOutline = {
  brief: { topic: "", audience: "", tone: "", length: "medium" },
  outline: null,
};

/** A (possibly still streaming) outline from the model, made editable. Ids follow position. */
export function editableOutline(outline: DeepPartial<Outline>): EditableOutline {
  return {
    title: outline.title ?? "",
    sections: (outline.sections ?? []).flatMap((section, index) =>
      section
        ? [
            {
              id: `section-${index}`,
              heading: section.heading ?? "",
              keyPoints: (section.keyPoints ?? []).filter((p): p is string => typeof p === "string"),
              drafted: false,
              locked: false,
            },
          ]
        : [],
    ),
  };
}

/** A section in the contract's shape, for drafting: blank key points dropped, empty when there is nothing to draft. */
export function plannedSection(section: EditableSection): OutlineSection | undefined {
  const planned = { heading: section.heading.trim(), keyPoints: section.keyPoints.map((p) => p.trim()).filter(Boolean) };
  return planned.heading !== "" || planned.keyPoints.length > 0 ? planned : undefined;
}

/** The sections worth drafting, in the contract's shape. */
export function draftableSections(outline: EditableOutline): OutlineSection[] {
  return outline.sections.flatMap((s) => plannedSection(s) ?? []);
}

const isString = (v: unknown): v is string => typeof v === "string";

function parseSection(value: unknown, index: number): EditableSection | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { id, heading, keyPoints } = value as Record<string, unknown>;
  if (!isString(heading) || !Array.isArray(keyPoints)) return undefined;
  return { id: isString(id) ? id : `section-${index}`, heading, keyPoints: keyPoints.filter(isString), drafted: false, locked: false };
}

/**
 * Checks what the browser-wide localStorage key of earlier versions holds (the outline lived there
 * before it moved to the document); anything unexpected is dropped rather than trusted.
 */
export function parseStoredOutline(value: unknown): StoredOutline | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { brief, outline } = value as Record<string, unknown>;
  const b = (typeof brief === "object" && brief !== null ? brief : {}) as Record<string, unknown>;
  const length = outlineLengths.find((l) => l === b.length) ?? "medium";
  const parsedBrief: OutlineBrief = {
    topic: isString(b.topic) ? b.topic : "",
    audience: isString(b.audience) ? b.audience : "",
    tone: isString(b.tone) ? b.tone : "",
    length,
  };
  let parsedOutline: EditableOutline | null = null;
  if (typeof outline === "object" && outline !== null) {
    const o = outline as Record<string, unknown>;
    const sections = Array.isArray(o.sections) ? o.sections.map(parseSection).filter((s): s is EditableSection => !!s) : [];
    parsedOutline = { title: isString(o.title) ? o.title : "", sections };
  }
  return { brief: parsedBrief, outline: parsedOutline };
}
