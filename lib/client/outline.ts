import type { DeepPartial } from "ai";
import { outlineLengths, type Outline, type OutlineSection } from "@/lib/contracts/outline";

type OutlineLength = (typeof outlineLengths)[number];

export interface EditableSection {
  id: string;
  heading: string;
  /** One per line, blank lines kept while the person types; dropped when drafting. */
  keyPoints: string[];
}

export interface EditableOutline {
  title: string;
  sections: EditableSection[];
}

export interface OutlineBrief {
  topic: string;
  audience: string;
  tone: string;
  length: OutlineLength;
}

interface StoredOutline {
  brief: OutlineBrief;
  outline: EditableOutline | null;
}

export const emptyStoredOutline: StoredOutline = {
  brief: { topic: "", audience: "", tone: "", length: "medium" },
  outline: null,
};

/** A (possibly still streaming) outline from the model, made editable. Ids follow position. */
export function editableOutline(outline: DeepPartial<Outline>): EditableOutline {
  return {
    title: outline.title ?? "",
    sections: (outline.sections ?? []).flatMap((section, index) =>
      section ? [{ id: `section-${index}`, heading: section.heading ?? "", keyPoints: (section.keyPoints ?? []).filter((p): p is string => typeof p === "string") }] : [],
    ),
  };
}

/** The sections worth drafting, in the contract's shape. */
export function draftableSections(outline: EditableOutline): OutlineSection[] {
  return outline.sections
    .map((s) => ({ heading: s.heading.trim(), keyPoints: s.keyPoints.map((p) => p.trim()).filter(Boolean) }))
    .filter((s) => s.heading !== "" || s.keyPoints.length > 0);
}

const isString = (v: unknown): v is string => typeof v === "string";

function parseSection(value: unknown, index: number): EditableSection | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { id, heading, keyPoints } = value as Record<string, unknown>;
  if (!isString(heading) || !Array.isArray(keyPoints)) return undefined;
  return { id: isString(id) ? id : `section-${index}`, heading, keyPoints: keyPoints.filter(isString) };
}

/** Checks what localStorage holds; anything unexpected is dropped rather than trusted. */
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
