import { z } from "zod";
import { authorshipQuerySchema, authorshipReportSchema } from "@/lib/contracts/authorship";
import { codes } from "./responses";
import { named, successHeaders, tags, type OperationContext, type OperationGroup } from "./operation";

const schemas = {
  report: named("AuthorshipReport", authorshipReportSchema),
};

const params = {
  documentId: z.object({ id: z.uuid().describe("The document's id (the studio's URL `/d/{id}`).") }),
};

/** A document's authorship record: who wrote what. */
export function authorshipOperations({ samples }: OperationContext): OperationGroup {
  return {
    api: [
      {
        method: "get",
        path: "/api/v1/documents/{id}/authorship",
        tag: tags.documents,
        operationId: "getDocumentAuthorship",
        summary: "Get a document's authorship record",
        description:
          "Who wrote how much of one of your documents, by words (the writer, the AI as it wrote it, AI text the writer has edited since), every AI passage with the model, action and times of the run that wrote it, and the runs with their instructions. Text without the studio's AI mark counts as the writer's; AI suggestions not yet accepted are not part of the record (`pending_suggestions` counts them). When the account doesn't store prompts, `instructions_included` is false and no instruction text is given. `?format=markdown` answers the same record as Markdown. Another account's document, a missing one or an id that is not a UUID is a 404; an unknown `format` is a 400.",
        auth: "key",
        params: params.documentId,
        query: authorshipQuerySchema,
        responses: {
          200: {
            description: "The record: JSON, or Markdown with `?format=markdown`.",
            headers: successHeaders(true),
            content: {
              "application/json": { schema: schemas.report },
              "text/markdown": { schema: { type: "string", description: "The same record as a Markdown document." } },
            },
          },
        },
        errors: [...codes.credentials, "invalid_request", "not_found", ...codes.limited, ...codes.always],
        errorParams: { invalid_request: "format", not_found: "id" },
        samples: samples({ method: "GET", path: "/api/v1/documents/5b0e6c1e-8f7a-4d6b-9a39-3c1f2e7d9a10/authorship", auth: "key", response: "json" }),
      },
    ],
    studio: [],
  };
}
