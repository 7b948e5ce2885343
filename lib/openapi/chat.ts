import { z } from "zod";
import { plainChatRequestSchema, plainMessageSchema, uiChatRequestSchema, uiMessageSchema } from "@/lib/contracts/chat";
import { usageSchema, v1ChatRequestSchema } from "@/lib/contracts/v1";
import { draftwiseStreamContent, draftwiseStreamFormat, generationSchemas } from "./generation";
import { modelCallErrors, named, studioAuthNote, studioModelCallErrors, successHeaders, tags, type OperationContext, type OperationGroup } from "./operation";

// Parts that appear inside several bodies get a component of their own wherever they appear.
named("Message", plainMessageSchema);
named("UIMessage", uiMessageSchema);

const schemas = {
  ...generationSchemas,
  v1ChatRequest: named("ChatRequest", v1ChatRequestSchema),
  uiChatRequest: named("StudioChatRequest", uiChatRequestSchema),
  plainChatRequest: named("PlainChatRequest", plainChatRequestSchema),
  // lib/contracts/chat.ts types this answer as an interface only.
  studioChatCompletion: named(
    "StudioChatCompletion",
    z.object({ id: z.string(), text: z.string(), model: z.string(), finish_reason: z.string(), usage: usageSchema }),
  ),
};

/** `POST /api/v1/chat`, and the studio's `useChat` route. */
export function chatOperations({ model, ex, samples }: OperationContext): OperationGroup {
  return {
    api: [
      {
        method: "post",
        path: "/api/v1/chat",
        tag: tags.chat,
        operationId: "createChat",
        summary: "Chat",
        description: `Answers a conversation. One JSON answer by default; with \`"stream": true\` a stream of events.\n\n${draftwiseStreamFormat}\n\nWith \`conversation_id\`, the exchange is stored in that conversation of yours (404 if it isn't yours).`,
        auth: "key",
        body: { schema: schemas.v1ChatRequest, examples: { json: { summary: "One JSON answer", value: ex.v1Chat }, stream: { summary: "Streamed", value: ex.v1ChatStream } } },
        responses: {
          200: {
            description: "The answer: JSON, or a stream of events with `\"stream\": true`.",
            headers: successHeaders(true, ["X-Draftwise-Model"]),
            content: { "application/json": { schema: schemas.completion }, ...draftwiseStreamContent(model, true) },
          },
        },
        errors: [...modelCallErrors, "not_found"],
        samples: samples({ method: "POST", path: "/api/v1/chat", body: ex.v1ChatStream, auth: "key", response: "sse" }),
      },
    ],
    studio: [
      {
        method: "post",
        path: "/api/chat",
        tag: tags.studio,
        operationId: "studioChat",
        summary: "Chat about a document",
        description: `${studioAuthNote}\n\nTakes the AI SDK's \`useChat\` body (\`messages\` with \`parts\`) and answers its UI message stream (Server-Sent Events of \`{"type": "text-delta", "delta": "…"}\` parts and others). \`document\` is sent to the model as context, \`selection\` (a passage of it the writer selected) with the last question; with \`conversation_id\` the exchange is stored.`,
        auth: "sessionOrKey",
        body: {
          schema: z.union([schemas.uiChatRequest, schemas.plainChatRequest]),
          examples: {
            useChat: { summary: "useChat body", value: ex.studioChat },
            plain: { summary: "Plain messages (deprecated)", value: ex.studioChatPlain },
          },
        },
        responses: {
          200: {
            description: "The AI SDK UI message stream; for a plain body with `\"stream\": false`, one JSON answer.",
            headers: successHeaders(true, ["X-Draftwise-Model"]),
            content: {
              "text/event-stream": { schema: { type: "string", description: "The AI SDK's UI message stream protocol." } },
              "application/json": { schema: schemas.studioChatCompletion },
            },
          },
        },
        errors: studioModelCallErrors,
        samples: samples({ method: "POST", path: "/api/chat", body: ex.studioChat, auth: "key", response: "ui-sse" }),
      },
    ],
  };
}
