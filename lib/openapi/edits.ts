import { editDoneEventSchema, editRequestSchema, editResponseSchema, studioEditRequestSchema, textHunkSchema } from "@/lib/contracts/edits";
import { limits } from "@/lib/contracts/limits";
import { usageJson } from "@/lib/delivery/formats";
import { diffHunks } from "@/lib/editor/text-hunks";
import { streamingNote } from "./generation";
import { editExampleAnswer, editExampleText } from "./examples";
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
import { editStreamExample } from "./stream-examples";
import { variantSchemas, variantsNote } from "./variants";

const schemas = {
  request: named("EditRequest", editRequestSchema),
  studioRequest: named("StudioEditRequest", studioEditRequestSchema),
  hunk: named("TextHunk", textHunkSchema),
  response: named("EditResponse", editResponseSchema),
  done: named("EditDoneEvent", editDoneEventSchema),
};

const editStreamFormat = `**Server-Sent Events** (\`text/event-stream\`): \`event: hunk\` with a [TextHunk](#model/texthunk) as soon as the answer has moved past a change (three equal words after it), so later text can no longer change it; the remaining hunks when the answer ends; then \`event: done\` with an [EditDoneEvent](#model/editdoneevent) (the whole edited text, \`finish_reason\`, \`usage\`). Each hunk is sent once, in order, never withdrawn; the hunks of a stream are those of the JSON answer for the same text. An error after the stream has started is sent as \`event: error\` with \`data: {"error": {"code": "…", "message": "…"}}\`, and no \`done\` follows.

**JSON lines** (\`application/x-ndjson\`, when the request sends \`Accept: application/x-ndjson\`): the same objects, one per line, each with \`"type"\`: \`"hunk"\`, \`"done"\` or \`"error"\`.

${streamingNote}`;

/** `POST /api/v1/edits`, and the studio's route behind the editor's tracked changes. */
export function editOperations({ model, ex, samples }: OperationContext): OperationGroup {
  const answer = {
    id: "edit-7b1e…",
    model,
    text: editExampleAnswer,
    hunks: diffHunks(editExampleText, editExampleAnswer),
    finish_reason: "stop",
    usage: usageJson({ inputTokens: 96, outputTokens: 18 }),
  };
  return {
    api: [
      {
        method: "post",
        path: "/api/v1/edits",
        tag: tags.writing,
        operationId: "createEdit",
        summary: "Edit Markdown, answered as hunks",
        description: `Applies \`instruction\` (your words) or \`action\` (\`improve\`, \`shorter\`, \`longer\`, \`fix\`, \`tone\`, \`summarize\`, \`custom\`) to the Markdown \`text\` (up to ${limits.documentChars} characters) and answers the edited text with its **hunks**: \`{ id, start, end, deleted, inserted }\`, word-level changes with offsets into the original \`text\` (UTF-16 code units, as JavaScript strings count them). Applying the hunks in order to the original gives exactly the edited text. Give \`instruction\` or \`action\`, not both (an instruction goes with \`"action": "custom"\`); otherwise 400 with \`param: "instruction"\`.\n\nStreams by default; \`"stream": false\` gives one JSON answer.\n\n${editStreamFormat}\n\n${variantsNote} Each variant's hunks are against the original \`text\`.`,
        auth: "key",
        body: { schema: schemas.request, example: ex.v1Edit },
        responses: {
          200: {
            description: "The edited text and its hunks, streamed as events or as one JSON answer with `\"stream\": false`.",
            headers: successHeaders(true, ["X-Draftwise-Model"]),
            content: {
              "text/event-stream": { schema: schemas.hunk, example: editStreamExample(model, "sse") },
              "application/x-ndjson": { schema: schemas.hunk, example: editStreamExample(model, "ndjson") },
              "application/json": { schema: anyOf([schemas.response, variantSchemas.editAnswer]), example: answer },
            },
          },
        },
        errors: modelCallErrors,
        samples: samples({ method: "POST", path: "/api/v1/edits", body: ex.v1Edit, auth: "key", response: "json" }),
      },
    ],
    studio: [
      {
        method: "post",
        path: "/api/edits",
        tag: tags.studio,
        operationId: "studioEdit",
        summary: "Edit a selection as tracked changes",
        description: `${studioAuthNote}\n\nThe same request as \`POST /api/v1/edits\` (with \`document_id\` instead of \`stream\`); streams the edited text as plain text, which the editor diffs into tracked changes as it arrives. An error after the first token ends the stream abnormally.\n\nWith more than one variant (\`n\`, \`models\`, \`temperatures\` as on \`POST /api/v1/edits\`) it streams JSON lines instead (\`application/x-ndjson\`): \`{"type":"start","variants":[{"variant":0,"model":"…","temperature":null}]}\`, then per variant \`{"type":"delta","variant":0,"text":"…"}\` and \`{"type":"done","variant":0,"finish_reason":"stop"}\` or \`{"type":"error","variant":1,"code":"…","message":"…"}\`, and last \`{"type":"end"}\`.`,
        auth: "sessionOrKey",
        body: { schema: schemas.studioRequest, example: ex.studioEdit },
        responses: {
          200: {
            description: "The edited text, streamed (JSON lines of the variants with more than one).",
            headers: successHeaders(true, ["X-Draftwise-Model"]),
            content: { ...textStream("Plain text, streamed."), "application/x-ndjson": { schema: { type: "string" as const, description: "JSON lines of the variants, one event a line." } } },
          },
        },
        errors: studioModelCallErrors,
        samples: samples({ method: "POST", path: "/api/edits", body: ex.studioEdit, auth: "key", response: "text" }),
      },
    ],
  };
}
