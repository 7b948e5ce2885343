import { otherMethods, route } from "@/lib/server/http";
import { scalarBundle, scalarScriptPath } from "./scalar-bundle";

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");

/**
 * Scalar's configuration: the document from this server, and nothing from anyone else's —
 * no web fonts, telemetry, AI agent, MCP or request proxy ("Test request" calls this origin).
 */
const configuration = {
  url: "/api/v1/openapi.json",
  withDefaultFonts: false,
  telemetry: false,
  agent: { disabled: true },
  mcp: { disabled: true },
  showDeveloperTools: "never",
  persistAuth: false,
  documentDownloadType: "json",
  // "Models" is one of our tags; the component schemas get their own heading.
  modelsSectionLabel: "Schemas",
  authentication: { preferredSecurityScheme: "bearerAuth" },
  customCss: `.scalar-app, .light-mode, .dark-mode {
  --scalar-font: ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  --scalar-font-code: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
}`,
};

const attribute = (value: string) =>
  value.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** `/docs`: the interactive API reference, rendered by Scalar from /api/v1/openapi.json. */
export const GET = route(async () => {
  const { hash } = await scalarBundle();
  const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Draftwise API reference</title>
    <meta name="description" content="The Draftwise HTTP API: endpoints, schemas, streaming formats and copy-paste examples." />
    <link rel="icon" href="data:," />
  </head>
  <body>
    <noscript>The interactive reference needs JavaScript. The OpenAPI document is at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</noscript>
    <script id="api-reference" data-url="/api/v1/openapi.json" data-configuration="${attribute(JSON.stringify(configuration))}"></script>
    <script src="${scalarScriptPath}?v=${hash}"></script>
  </body>
</html>
`;
  return new Response(html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "public, max-age=300",
    },
  });
});
