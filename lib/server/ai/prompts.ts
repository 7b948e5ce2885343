import "server-only";
import type { OutlineRequest } from "@/lib/contracts/outline";
import type { TemplateId, TemplateInputs } from "@/lib/contracts/templates";
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

export function outlinePrompt(request: OutlineRequest & { sections?: number }): { instructions: string; prompt: string } {
  const size = request.sections ? `exactly ${request.sections} sections` : outlineSizes[request.length ?? "medium"];
  const instructions = [
    house,
    "Create an article outline: a title and sections, each with a heading and two to four key points.",
    `Use ${size}.`,
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

/** The developer API's "write" action: compose what the prompt asks for. */
export function composePrompt(prompt: string): { instructions: string; prompt: string } {
  return {
    instructions: [house, "Write what the request asks for. Output only the requested text, without preamble or commentary."].join("\n"),
    prompt,
  };
}

const lines = (pairs: [string, string | number | boolean | undefined][]) =>
  pairs
    .filter(([, value]) => value !== undefined && value !== "")
    .map(([label, value]) => `${label}: ${value}`)
    .join("\n");

const templateTasks: { [T in TemplateId]: (inputs: TemplateInputs<T>) => { task: string; brief: string } } = {
  "blog-post": (i) => ({
    task: `Write a complete blog post in Markdown: a title (# heading), a short introduction, ${i.length === "short" ? "two or three" : i.length === "long" ? "six or seven" : "four or five"} sections with ## headings, and a conclusion.`,
    brief: lines([["Topic", i.topic], ["Audience", i.audience], ["Tone", i.tone], ["Key points", i.key_points]]),
  }),
  "marketing-campaign": (i) => ({
    task: "Write a marketing campaign strategy in Markdown for the brand below: positioning and big idea, target audience, key messages, channels with tactics, a week-by-week timeline, budget split and how to measure success.",
    brief: lines([["Brand", i.brand], ["Product or offer", i.product], ["Audience", i.audience], ["Goal", i.goal], ["Budget", i.budget]]),
  }),
  "product-description": (i) => ({
    task: `Write a product description that leads with benefits and ends with a short call to action${i.words ? `, about ${i.words} words` : ""}.`,
    brief: lines([["Product", i.product], ["Features", i.features], ["Audience", i.audience], ["Tone", i.tone]]),
  }),
  "email-reply": (i) => ({
    task: "Write a reply to the email below that says what the writer wants to say. Output only the reply, ready to send.",
    brief: `${lines([["What to say", i.intent], ["Tone", i.tone], ["Sign off as", i.sign_off]])}\n\nThe email:\n<email>\n${i.email}\n</email>`,
  }),
  "social-post": (i) => ({
    task: `Write one ${i.platform} post that fits the platform's length and style${i.hashtags ? ", with a few relevant hashtags at the end" : ", without hashtags"}.`,
    brief: lines([["About", i.topic], ["Tone", i.tone], ["Call to action", i.call_to_action]]),
  }),
};

/**
 * One section of a draft job: the studio's draft-section action (the article so far as its
 * context), plus the reader the draft is for when the job names one.
 */
export function draftSectionPrompt(input: { section: string; article: string; audience?: string; tone?: string }): { instructions: string; prompt: string } {
  const { instructions, prompt } = writePrompt({ action: "draft-section", text: input.section, document: input.article });
  const reader = lines([["Audience", input.audience], ["Tone", input.tone]]);
  return { instructions, prompt: reader ? `${prompt}\n\n${reader}` : prompt };
}

export function templatePrompt<T extends TemplateId>(id: T, inputs: TemplateInputs<T>): { instructions: string; prompt: string } {
  const { task, brief } = templateTasks[id](inputs);
  return { instructions: [house, task, "Output only the piece itself, without preamble or commentary."].join("\n"), prompt: brief };
}

