import {
  openAIChatChunkSchema,
  openAIChatCompletionSchema,
  openAIChatRequestSchema,
  openAIErrorSchema,
  openAIMessageSchema,
} from "@/lib/contracts/openai";
import { openAISdkSamples } from "./code-samples";
import { streamingNote } from "./generation";
import { modelCallErrors, named, successHeaders, tags, type OperationContext, type OperationGroup } from "./operation";
import { openAIStreamExample } from "./stream-examples";

named("OpenAIMessage", openAIMessageSchema);
named("OpenAIError", openAIErrorSchema);

const schemas = {
  openAIChatRequest: named("OpenAIChatRequest", openAIChatRequestSchema),
  openAIChatCompletion: named("OpenAIChatCompletion", openAIChatCompletionSchema),
  openAIChatChunk: named("OpenAIChatChunk", openAIChatChunkSchema),
};

/** OpenAI's Chat Completions API, for the official SDKs. */
export function openAICompatibleOperations({ serverUrl, model, ex, samples }: OperationContext): OperationGroup {
  return {
    api: [
      {
        method: "post",
        path: "/api/v1/chat/completions",
        tag: tags.openai,
        operationId: "createChatCompletion",
        summary: "Chat completions (OpenAI compatible)",
        description: `OpenAI's Chat Completions API, so the official \`openai\` SDKs and any OpenAI client work against Draftwise: set the client's base URL to \`${serverUrl}/api/v1\` and its API key to a Draftwise key.\n\nNon-streaming answers are a \`chat.completion\`. With \`"stream": true\` the answer is Server-Sent Events of \`chat.completion.chunk\` objects (\`choices[].delta\`, \`finish_reason\` on the last choice chunk), ended by \`data: [DONE]\`; with \`"stream_options": {"include_usage": true}\` a last chunk with empty \`choices\` carries \`usage\` (and \`usage\` is \`null\` on the others). ${streamingNote}\n\nUnknown fields are accepted and ignored; \`tools\`/\`functions\` and \`n\` > 1 are refused with a 400 naming the field, and an unknown \`model\` is a 404 as on OpenAI. **Errors use OpenAI's shape** \`{"error": {"message", "type", "param", "code"}}\` (\`code\` is Draftwise's error code), not Draftwise's.`,
        auth: "key",
        body: { schema: schemas.openAIChatRequest, example: ex.openAIChat },
        responses: {
          200: {
            description: "A `chat.completion`, or with `\"stream\": true` a stream of `chat.completion.chunk` events.",
            headers: successHeaders(true, ["X-Draftwise-Model"]),
            content: {
              "application/json": { schema: schemas.openAIChatCompletion },
              "text/event-stream": { schema: schemas.openAIChatChunk, example: openAIStreamExample(model) },
            },
          },
        },
        errors: modelCallErrors,
        errorShape: "openai",
        samples: [
          ...samples({ method: "POST", path: "/api/v1/chat/completions", body: ex.openAIChat, auth: "key", response: "json" }),
          ...openAISdkSamples(serverUrl, "chat", model),
        ],
      },
    ],
    studio: [],
  };
}
