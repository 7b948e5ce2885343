import "server-only";
import type { OutlineRequest } from "@/lib/contracts/outline";
import type { WriteRequest } from "@/lib/contracts/write";

const house =
  "You are Draftwise, a careful writing assistant. Write in clear, natural prose. Answer in Markdown when structure helps; never include HTML.";

/** Long documents are cut from the middle so both the opening and the part being written stay in view. */
export function excerpt(document: string, maxChars = 12_000): string {
  if (document.length <= maxChars) return document;
  const half = Math.floor(maxChars / 2);
  return `${document.slice(0, half)}\n\n[…]\n\n${document.slice(-half)}`;
}

export function chatInstructions(input: { document?: string; system?: string }): string {
  const parts = [
    house,
    "You are chatting with a writer about the document they are working on. Be specific and refer to their text.",
  ];
  if (input.system) parts.push(input.system);
  if (input.document?.trim()) {
    parts.push(`The writer's current document:\n<document>\n${excerpt(input.document)}\n</document>`);
  }
  return parts.join("\n\n");
}

const actionTasks: Record<WriteRequest["action"], (r: WriteRequest) => string> = {
  continue: () => "Continue the text from where it ends, in the same voice and style. Output only the continuation.",
  improve: () => "Improve the text: clearer, more vivid and better structured, keeping its meaning and voice.",
  shorter: () => "Make the text noticeably shorter while keeping its key points.",
  longer: () => "Expand the text with relevant detail and examples, keeping its voice.",
  fix: () => "Fix spelling, grammar and punctuation. Change nothing else.",
  tone: (r) => `Rewrite the text in a ${r.tone} tone, keeping its meaning.`,
  summarize: () => "Summarize the text in a few sentences.",
  "draft-section": () =>
    "Draft the section described below as finished prose (a few paragraphs) that follows naturally from the document so far. Do not repeat the heading.",
  custom: (r) => `Follow this instruction on the text: ${r.instruction}`,
};

export function writePrompt(request: WriteRequest): { instructions: string; prompt: string } {
  const instructions = [
    house,
    actionTasks[request.action](request),
    "Output only the resulting text, without preamble, quotes or commentary.",
  ].join("\n");
  const context = request.document?.trim()
    ? `The surrounding document, for context only:\n<document>\n${excerpt(request.document)}\n</document>\n\n`
    : "";
  const label = request.action === "draft-section" ? "Section to draft" : "Text";
  return { instructions, prompt: `${context}${label}:\n<text>\n${request.text}\n</text>` };
}

const outlineSizes = { short: "3 sections", medium: "4 to 5 sections", long: "6 to 7 sections" } as const;

export function outlinePrompt(request: OutlineRequest): { instructions: string; prompt: string } {
  const instructions = [
    house,
    "Create an article outline: a title and sections, each with a heading and two to four key points.",
    `Use ${outlineSizes[request.length ?? "medium"]}.`,
  ].join("\n");
  const lines = [`Topic: ${request.topic}`];
  if (request.audience) lines.push(`Audience: ${request.audience}`);
  if (request.tone) lines.push(`Tone: ${request.tone}`);
  return { instructions, prompt: lines.join("\n") };
}


/** Sent after a stopped answer so the model picks up mid-sentence instead of starting over. */
export function continueInstruction(): string {
  return "Your previous answer was cut off. Continue it exactly where it stopped — mid-sentence if need be. Do not repeat anything you already wrote and do not comment on the interruption.";
}
