import { z } from "zod";
import { documentIdField } from "./documents";
import { generationOptionsShape } from "./generation";
import { styleGuideField } from "./style-guide";
import { safeJson, safeRecord, safeString } from "./strings";

/**
 * Ready writing templates: typed inputs in, a finished piece streamed out. One definition serves
 * the API (validation, GET /api/v1/templates, the OpenAPI document) and the studio's form.
 * Each field's `meta` gives the form its label, help text and widget; it sits on the outermost
 * schema (after `.optional()`), where the form reads it.
 */
export type FieldMeta = {
  title: string;
  description?: string;
  placeholder?: string;
  /** A textarea rather than a one-line input. */
  multiline?: boolean;
};

const text = (max: number, min = 1) => safeString().trim().min(min).max(max);
const tone = z
  .enum(["friendly", "professional", "playful", "persuasive", "formal", "casual"])
  .optional()
  .meta({ title: "Tone" } satisfies FieldMeta);

export const templates = {
  "blog-post": {
    name: "Blog post",
    description: "A complete blog post with a title, an introduction, sections and a conclusion.",
    inputs: z.strictObject({
      topic: text(300, 3).meta({ title: "Topic", placeholder: "Why remote teams should write more" } satisfies FieldMeta),
      audience: text(200).optional().meta({ title: "Audience", placeholder: "Engineering managers" } satisfies FieldMeta),
      key_points: text(2_000).optional().meta({ title: "Key points", description: "One per line; optional.", multiline: true } satisfies FieldMeta),
      tone,
      length: z.enum(["short", "medium", "long"]).optional().meta({ title: "Length" } satisfies FieldMeta),
    }),
  },
  "marketing-campaign": {
    name: "Marketing campaign",
    description: "A campaign strategy for a brand: positioning, audience, channels, messages and a timeline.",
    inputs: z.strictObject({
      brand: text(60).meta({ title: "Brand", placeholder: "Acme Coffee" } satisfies FieldMeta),
      product: text(300).optional().meta({ title: "Product or offer", placeholder: "A new cold-brew subscription" } satisfies FieldMeta),
      audience: text(200).optional().meta({ title: "Audience" } satisfies FieldMeta),
      goal: text(300).optional().meta({ title: "Goal", placeholder: "1,000 subscribers in three months" } satisfies FieldMeta),
      budget: text(100).optional().meta({ title: "Budget", placeholder: "$20k" } satisfies FieldMeta),
    }),
  },
  "product-description": {
    name: "Product description",
    description: "A product page description that sells benefits, not just features.",
    inputs: z.strictObject({
      product: text(200).meta({ title: "Product", placeholder: "Trailblazer 40L hiking backpack" } satisfies FieldMeta),
      features: text(2_000).optional().meta({ title: "Features", description: "One per line.", multiline: true } satisfies FieldMeta),
      audience: text(200).optional().meta({ title: "Audience" } satisfies FieldMeta),
      tone,
      words: z.int().min(30).max(600).optional().meta({ title: "Length in words" } satisfies FieldMeta),
    }),
  },
  "email-reply": {
    name: "Email reply",
    description: "A reply to an email you received, saying what you want to say.",
    inputs: z.strictObject({
      email: text(10_000).meta({ title: "The email you received", multiline: true } satisfies FieldMeta),
      intent: text(1_000).meta({ title: "What to say", placeholder: "Accept, but move the call to Friday", multiline: true } satisfies FieldMeta),
      tone,
      sign_off: text(100).optional().meta({ title: "Sign off as", placeholder: "Sam" } satisfies FieldMeta),
    }),
  },
  "social-post": {
    name: "Social post",
    description: "A post written for one network's format and length.",
    inputs: z.strictObject({
      topic: text(500, 3).meta({ title: "What it's about", multiline: true } satisfies FieldMeta),
      platform: z
        .enum(["linkedin", "x", "instagram", "facebook", "threads", "bluesky", "mastodon"])
        .meta({ title: "Platform" } satisfies FieldMeta),
      tone,
      hashtags: z.boolean().optional().meta({ title: "Add hashtags" } satisfies FieldMeta),
      call_to_action: text(200).optional().meta({ title: "Call to action", placeholder: "Sign up for the beta" } satisfies FieldMeta),
    }),
  },
} as const;

export type TemplateId = keyof typeof templates;
export const templateIds = Object.keys(templates) as TemplateId[];
export type TemplateInputs<T extends TemplateId> = z.infer<(typeof templates)[T]["inputs"]>;

export function isTemplateId(id: string): id is TemplateId {
  return Object.hasOwn(templates, id);
}

/** Body of POST /api/v1/templates/{id} (and the studio's /api/templates/{id}). */
export const templateRunSchema = z.strictObject({
  inputs: safeRecord(safeJson()).describe("The template's inputs: see `inputs_schema` in GET /api/v1/templates."),
  model: generationOptionsShape.model,
  temperature: generationOptionsShape.temperature,
  seed: generationOptionsShape.seed,
  max_tokens: generationOptionsShape.max_tokens,
  stream: z.boolean().optional().describe("false → one JSON answer instead of the event stream."),
  document_id: documentIdField.describe(
    "One of your documents (the studio sends the one the piece goes into): its style guide applies unless `style_guide` names another; usage is counted against it.",
  ),
  style_guide: styleGuideField,
});
export type TemplateRun = z.infer<typeof templateRunSchema>;

export const templateInfoSchema = z.object({
  id: safeString(),
  name: safeString(),
  description: safeString(),
  inputs_schema: safeRecord(safeJson()).describe("JSON Schema of `inputs`."),
});
type TemplateInfo = z.infer<typeof templateInfoSchema>;

/** Listing for GET /api/v1/templates: the input schemas as JSON Schema. */
export function templateList(): TemplateInfo[] {
  return templateIds.map((id) => ({
    id,
    name: templates[id].name,
    description: templates[id].description,
    inputs_schema: z.toJSONSchema(templates[id].inputs, { io: "input" }) as Record<string, unknown>,
  }));
}
