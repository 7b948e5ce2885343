import { limits } from "@/lib/contracts/limits";
import { v1WriteRequestSchema } from "@/lib/contracts/v1";
import { writeRequestSchema } from "@/lib/contracts/write";
import { draftwiseStreamContent, draftwiseStreamFormat, generationSchemas } from "./generation";
import { variantSchemas, variantsNote } from "./variants";
import {
  modelCallErrors,
  anyOf,
  named,
  studioAuthNote,
  studioModelCallErrors,
  successHeaders,
  tags,
  textStream,
  type OperationContext,
  type OperationGroup,
} from "./operation";

const schemas = {
  ...generationSchemas,
  v1WriteRequest: named("WriteRequest", v1WriteRequestSchema),
  studioWriteRequest: named("StudioWriteRequest", writeRequestSchema),
};

/** `POST /api/v1/write`, and the studio's selection rewrite. */
export function writeOperations({ model, ex, samples }: OperationContext): OperationGroup {
  return {
    api: [
      {
        method: "post",
        path: "/api/v1/write",
        tag: tags.writing,
        operationId: "createWriting",
        summary: "Write or rewrite text",
        description: `Writes from an instruction (\`"action": "write"\`, the default) or rewrites \`prompt\` (\`improve\`, \`shorter\`, \`longer\`, \`fix\`, \`tone\`, \`summarize\`, \`continue\`, \`custom\`). \`prompt\` is trimmed and must be 1–${limits.promptChars} characters.\n\nStreams by default; \`"stream": false\` gives one JSON answer.\n\n${draftwiseStreamFormat}\n\n${variantsNote}`,
        auth: "key",
        body: { schema: schemas.v1WriteRequest, example: ex.v1Write },
        responses: {
          200: {
            description: "A stream of events, or one JSON answer with `\"stream\": false`.",
            headers: successHeaders(true, ["X-Draftwise-Model"]),
            content: { ...draftwiseStreamContent(model, true), "application/json": { schema: anyOf([schemas.completion, variantSchemas.writeAnswer]) } },
          },
        },
        errors: modelCallErrors,
        samples: samples({ method: "POST", path: "/api/v1/write", body: ex.v1Write, auth: "key", response: "sse" }),
      },
    ],
    studio: [
      {
        method: "post",
        path: "/api/write",
        tag: tags.studio,
        operationId: "studioWrite",
        summary: "Rewrite a selection",
        description: `${studioAuthNote}\n\nRuns a writing action on \`text\` and streams the result as plain text. An error after the first token ends the stream abnormally.\n\nWith more than one variant (\`n\`, \`models\`, \`temperatures\`) it streams the JSON lines of \`POST /api/edits\` with variants instead.`,
        auth: "sessionOrKey",
        body: { schema: schemas.studioWriteRequest, example: ex.studioWrite },
        responses: {
          200: { description: "The rewritten text, streamed.", headers: successHeaders(true, ["X-Draftwise-Model"]), content: textStream("Plain text, streamed.") },
        },
        errors: studioModelCallErrors,
        samples: samples({ method: "POST", path: "/api/write", body: ex.studioWrite, auth: "key", response: "text" }),
      },
    ],
  };
}
