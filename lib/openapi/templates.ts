import { z } from "zod";
import { templateIds, templateInfoSchema, templateRunSchema, templates } from "@/lib/contracts/templates";
import { templateInputExamples } from "./examples";
import { draftwiseStreamContent, draftwiseStreamFormat, generationSchemas } from "./generation";
import { codes } from "./responses";
import {
  anyOf,
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

named("TemplateInfo", templateInfoSchema);

const schemas = {
  ...generationSchemas,
  templateList: named("TemplateList", z.object({ data: z.array(templateInfoSchema) })),
  /** One body schema per template, so each template's inputs are documented in full. */
  templateRuns: anyOf(
    templateIds.map((id) =>
      named(`TemplateRun.${id}`, templateRunSchema.extend({ inputs: templates[id].inputs }), {
        title: templates[id].name,
        description: `\`POST /api/v1/templates/${id}\`: ${templates[id].description}`,
      }),
    ),
  ),
};

const params = {
  templateId: z.object({ id: z.enum(templateIds).describe("The template.") }),
};

/** The ready templates: listed, run through `/api/v1`, and run by the studio. */
export function templateOperations({ model, ex, samples }: OperationContext): OperationGroup {
  return {
    api: [
      {
        method: "get",
        path: "/api/v1/templates",
        tag: tags.templates,
        operationId: "listTemplates",
        summary: "List templates",
        description: `The writing templates, each with the JSON Schema of its \`inputs\`: ${templateIds.map((id) => `\`${id}\``).join(", ")}.`,
        auth: "key",
        responses: { 200: jsonResponse("The templates.", schemas.templateList, true) },
        errors: [...codes.credentials, ...codes.limited, ...codes.always],
        samples: samples({ method: "GET", path: "/api/v1/templates", auth: "key", response: "json" }),
      },
      {
        method: "post",
        path: "/api/v1/templates/{id}",
        tag: tags.templates,
        operationId: "runTemplate",
        summary: "Run a template",
        description: `Runs a template on typed inputs: for example \`marketing-campaign\` turns a brand name into a campaign strategy. The body's \`inputs\` must match the template's own schema (one per template below, also in \`GET /api/v1/templates\`); a body that is well-formed but whose \`inputs\` don't match is a **422** \`unprocessable_request\` whose \`param\` names the input (\`inputs.brand\`). An unknown template id is a 404.\n\nStreams by default; \`"stream": false\` gives one JSON answer.\n\n${draftwiseStreamFormat}`,
        auth: "key",
        params: params.templateId,
        body: {
          schema: schemas.templateRuns,
          description: "The template's `inputs` (its schema depends on `{id}`) and generation options.",
          examples: Object.fromEntries(
            templateIds.map((id) => [id, { summary: templates[id].name, value: { inputs: templateInputExamples[id] } }]),
          ),
        },
        responses: {
          200: {
            description: "A stream of events, or one JSON answer with `\"stream\": false`.",
            headers: successHeaders(true, ["X-Draftwise-Model"]),
            content: { ...draftwiseStreamContent(model, true), "application/json": { schema: schemas.completion } },
          },
        },
        errors: [...modelCallErrors, "not_found", "unprocessable_request"],
        errorParams: { not_found: "id", unprocessable_request: "inputs.brand" },
        samples: samples({ method: "POST", path: "/api/v1/templates/marketing-campaign", body: ex.templateRun, auth: "key", response: "sse" }),
      },
    ],
    studio: [
      {
        method: "post",
        path: "/api/templates/{id}",
        tag: tags.studio,
        operationId: "studioRunTemplate",
        summary: "Run a template (studio)",
        description: `${studioAuthNote}\n\nThe same templates as \`POST /api/v1/templates/{id}\`, answered as a plain text stream.`,
        auth: "sessionOrKey",
        params: params.templateId,
        body: { schema: schemas.templateRuns, example: ex.templateRun },
        responses: {
          200: { description: "The text, streamed.", headers: successHeaders(true, ["X-Draftwise-Model"]), content: textStream("Plain text, streamed.") },
        },
        errors: [...studioModelCallErrors, "unprocessable_request"],
        errorParams: { not_found: "id", unprocessable_request: "inputs.brand" },
        samples: samples({ method: "POST", path: "/api/templates/marketing-campaign", body: ex.templateRun, auth: "key", response: "text" }),
      },
    ],
  };
}
