import { z } from "zod";
import { limits } from "./limits";
import { safeString } from "./strings";

export const createConversationSchema = z
  .object({
    document_id: z.uuid().optional(),
    title: safeString().trim().min(1).max(limits.conversationTitleChars).optional(),
  })
  .strict();

export const renameConversationSchema = z
  .object({ title: safeString().trim().min(1).max(limits.conversationTitleChars) })
  .strict();

export type MessageStatus = "complete" | "stopped" | "error";

export interface MessageJson {
  id: string;
  role: "user" | "assistant" | "system";
  content: string;
  status: MessageStatus;
  model: string | null;
  created_at: string;
  /** An answer regenerated: every version of it, oldest first (this one among them). */
  versions?: MessageJson[];
}

export interface ConversationSummaryJson {
  id: string;
  document_id: string | null;
  title: string;
  created_at: string;
  updated_at: string;
}

export interface ConversationJson extends ConversationSummaryJson {
  messages: MessageJson[];
}

export const usageQuerySchema = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) });

interface UsageDayJson {
  date: string;
  model: string;
  calls: number;
  prompt_tokens: number;
  completion_tokens: number;
}

export interface UsageJson {
  days: number;
  by_day: UsageDayJson[];
  by_model: { model: string; calls: number; prompt_tokens: number; completion_tokens: number }[];
  totals: { calls: number; prompt_tokens: number; completion_tokens: number };
}

export const continueRequestSchema = z
  .object({
    model: safeString().trim().min(1).max(200).optional(),
    document: safeString().max(limits.documentChars).optional(),
  })
  .strict();

/** Answers a question in place (its answer failed): the client names the new answer's id. */
export const answerRequestSchema = continueRequestSchema.extend({ answer_id: z.uuid() }).strict();
