import { outlineRequestSchema, outlineSchema, outlineSectionSchema } from "@/lib/contracts/outline";
import { v1OutlineRequestSchema, v1OutlineResponseSchema } from "@/lib/contracts/v1";
import {
  jsonResponse,
  modelCallErrors,
  named,
  studioAuthNote,
  studioModelCallErrors,
  successHeaders,
  tags,
  textStream,
  type OperationContext,
  type OperationGroup,
} from "./operation";

named("OutlineSection", outlineSectionSchema);

const schemas = {
  v1OutlineRequest: named("OutlineRequest", v1OutlineRequestSchema),
  v1OutlineResponse: named("OutlineResponse", v1OutlineResponseSchema),
  outline: named("Outline", outlineSchema),
  studioOutlineRequest: named("StudioOutlineRequest", outlineRequestSchema),
};

/** `POST /api/v1/outline`, and the studio's `useObject` route. */
export function outlineOperations({ ex, samples }: OperationContext): OperationGroup {
  return {
    api: [
      {
        method: "post",
        path: "/api/v1/outline",
        tag: tags.writing,
        operationId: "createOutline",
        summary: "Outline an article",
        description: "An article outline: a title and 3–7 sections with key points, checked against its schema before it is returned.",
        auth: "key",
        body: { schema: schemas.v1OutlineRequest, example: ex.v1Outline },
        responses: { 200: jsonResponse("The outline.", schemas.v1OutlineResponse, true, ["X-Draftwise-Model"]) },
        errors: modelCallErrors,
        samples: samples({ method: "POST", path: "/api/v1/outline", body: ex.v1Outline, auth: "key", response: "json" }),
      },
    ],
    studio: [
      {
        method: "post",
        path: "/api/outline",
        tag: tags.studio,
        operationId: "studioOutline",
        summary: "Outline (studio)",
        description: `${studioAuthNote}\n\nStreams the outline as partial JSON text (what \`useObject\` reads); with \`Accept: application/json\`, answers the finished outline.`,
        auth: "sessionOrKey",
        body: { schema: schemas.studioOutlineRequest, example: ex.studioOutline },
        responses: {
          200: {
            description: "The outline: streamed partial JSON, or the whole object for `Accept: application/json`.",
            headers: successHeaders(true, ["X-Draftwise-Model"]),
            content: { ...textStream("The outline's JSON, streamed as it grows."), "application/json": { schema: schemas.outline } },
          },
        },
        errors: studioModelCallErrors,
        samples: samples({ method: "POST", path: "/api/outline", body: ex.studioOutline, auth: "key", response: "text" }),
      },
    ],
  };
}
