import { z } from "zod";
import { v1ModelListSchema, v1ModelSchema } from "@/lib/contracts/v1";
import { openAISdkSamples } from "./code-samples";
import { codes } from "./responses";
import { jsonResponse, named, tags, type OperationContext, type OperationGroup } from "./operation";

const schemas = {
  model: named("Model", v1ModelSchema),
  modelList: named("ModelList", v1ModelListSchema),
};

const params = {
  modelId: z.object({ id: z.string().describe("A model id from `GET /api/v1/models`; ids may hold slashes (`org/model`).") }),
};

/** The configured models, in OpenAI's list format. */
export function modelOperations({ serverUrl, model, samples }: OperationContext): OperationGroup {
  return {
    api: [
      {
        method: "get",
        path: "/api/v1/models",
        tag: tags.models,
        operationId: "listModels",
        summary: "List models",
        description:
          "The models this server is configured with, in OpenAI's list format (`object: \"list\"`, `data[].id`, `owned_by`, …) with Draftwise's details beside the standard fields, so Draftwise clients and OpenAI clients (`client.models.list()`) read the same answer.",
        auth: "key",
        responses: { 200: jsonResponse("The models.", schemas.modelList, true) },
        errors: [...codes.credentials, ...codes.limited, ...codes.always],
        samples: [
          ...samples({ method: "GET", path: "/api/v1/models", auth: "key", response: "json" }),
          ...openAISdkSamples(serverUrl, "models", model),
        ],
      },
      {
        method: "get",
        path: "/api/v1/models/{id}",
        tag: tags.models,
        operationId: "getModel",
        summary: "Get a model",
        description: "One configured model, in OpenAI's format with Draftwise's details (`client.models.retrieve(id)`).",
        auth: "key",
        params: params.modelId,
        responses: { 200: jsonResponse("The model.", schemas.model, true) },
        errors: [...codes.credentials, ...codes.limited, "not_found", ...codes.always],
        errorParams: { not_found: "model" },
        samples: [
          ...samples({ method: "GET", path: `/api/v1/models/${encodeURIComponent(model)}`, auth: "key", response: "json" }),
          ...openAISdkSamples(serverUrl, "model", model),
        ],
      },
    ],
    studio: [],
  };
}
