import { z } from "zod";
import { generationOptionsShape } from "./generation";
import { limits } from "./limits";
import { documentIdField } from "./documents";
import { safeJson, safeLooseObject, safeString } from "./strings";

export const messageRoles = ["system", "user", "assistant"] as const;

const documentField = safeString().max(limits.documentChars).optional();
const conversationId = z.uuid().optional().describe("Store the exchange in this conversation (POST /api/conversations makes one).");

/** A message as developers send it: `{ role, content }`. */
export const plainMessageSchema = z.strictObject({
  role: z.enum(messageRoles),
  content: safeString().min(1).max(limits.messageChars),
});

/** A message as `useChat` sends it: `{ id, role, parts }`. Parts other than text are ignored. */
export const uiMessageSchema = z.object({
  id: safeString().max(200),
  role: z.enum(messageRoles),
  parts: z
    .array(
      safeLooseObject({
        type: safeString().max(100),
        text: safeString().max(limits.messageChars).optional(),
      }),
    )
    .max(200),
  metadata: safeJson().optional(),
});

type RoleOnly = { role: (typeof messageRoles)[number] };

/** System only first, and at least one user message: what every chat model expects. */
function checkMessageOrder(messages: RoleOnly[], ctx: z.RefinementCtx) {
  messages.forEach((m, i) => {
    if (m.role === "system" && i !== 0) {
      ctx.addIssue({ code: "custom", path: ["messages", i, "role"], message: "A system message may only come first." });
    }
  });
  if (!messages.some((m) => m.role === "user")) {
    ctx.addIssue({ code: "custom", path: ["messages"], message: "At least one user message is required." });
  }
}

export const plainChatRequestSchema = z
  .strictObject({
    messages: z.array(plainMessageSchema).min(1).max(limits.messages),
    ...generationOptionsShape,
    conversation_id: conversationId,
    document: documentField,
    document_id: documentIdField,
    stream: z.boolean().optional(),
  })
  .superRefine((body, ctx) => checkMessageOrder(body.messages, ctx));

export const uiChatRequestSchema = z
  .strictObject({
    id: safeString().max(200).optional(),
    messages: z.array(uiMessageSchema).min(1).max(limits.messages),
    trigger: z.enum(["submit-message", "regenerate-message"]).optional(),
    messageId: safeString().max(200).optional(),
    ...generationOptionsShape,
    conversation_id: conversationId,
    document: documentField,
    document_id: documentIdField,
    selection: safeString()
      .max(limits.selectionChars)
      .optional()
      .describe("Markdown the writer selected in the document and asked the last user message about (\"Ask about selection\"); the model sees it with that message."),
  })
  .superRefine((body, ctx) => checkMessageOrder(body.messages, ctx));

export type PlainChatRequest = z.infer<typeof plainChatRequestSchema>;
export type UiChatRequest = z.infer<typeof uiChatRequestSchema>;

/** `useChat` sends messages with `parts`; developers send `content`. */
export function isUiChatBody(body: unknown): boolean {
  if (typeof body !== "object" || body === null) return false;
  const messages = (body as { messages?: unknown }).messages;
  return Array.isArray(messages) && typeof messages[0] === "object" && messages[0] !== null && "parts" in messages[0];
}

export interface ChatCompletionJson {
  id: string;
  text: string;
  model: string;
  finish_reason: string;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}
