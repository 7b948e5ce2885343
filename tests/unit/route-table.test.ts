import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { routeTemplate, routeTemplates } from "@/lib/server/route-table";

/** Every folder of app/ holding a route.ts, named as Next serves it (route groups leave no segment). */
function routesOnDisk(dir = path.resolve("app"), prefix = ""): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name === "route.ts") found.push(prefix || "/");
    if (!entry.isDirectory()) continue;
    const segment = /^\(.*\)$/.test(entry.name) ? "" : `/${entry.name}`;
    found.push(...routesOnDisk(path.join(dir, entry.name), prefix + segment));
  }
  return found;
}

const id = "0b6f2c1e-4f1a-4c8e-9d3b-2a7f5e6c8d90";

describe("the route table", () => {
  it("lists exactly the route.ts files under app/", () => {
    expect([...routeTemplates].sort()).toEqual(routesOnDisk().sort());
  });

  it("labels a request with its route's template, never its ids", () => {
    expect(routeTemplate("/api/jobs")).toBe("/api/jobs");
    expect(routeTemplate(`/api/jobs/${id}`)).toBe("/api/jobs/[id]");
    expect(routeTemplate(`/api/v1/jobs/${id}/deliveries`)).toBe("/api/v1/jobs/[id]/deliveries");
    expect(routeTemplate(`/api/documents/${id}/versions/${id}/restore`)).toBe("/api/documents/[id]/versions/[versionId]/restore");
    expect(routeTemplate("/api/v1/models/openai/gpt-4o-mini")).toBe("/api/v1/models/[...id]");
    expect(routeTemplate("/api/auth/callback/credentials")).toBe("/api/auth/[...nextauth]");
  });

  it("prefers a static segment to a dynamic one, as Next does", () => {
    expect(routeTemplate("/api/v1/models")).toBe("/api/v1/models");
    expect(routeTemplate("/api/auth/guest")).toBe("/api/auth/guest");
    expect(routeTemplate("/api/v1/chat/completions")).toBe("/api/v1/chat/completions");
    expect(routeTemplate(`/api/jobs/${id}/document`)).toBe("/api/jobs/[id]/document");
  });

  it("gives a caller's made-up paths one label, so they can't mint new ones", () => {
    const madeUp = ["/api/nothing-here", `/api/v1/jobs/${id}/deliveries/extra`, "/api/jobs/not-an-id/x/y", "/api/v1/unknown/a/b/c"];
    expect(new Set(madeUp.map(routeTemplate))).toEqual(new Set(["/api/[...path]"]));
    expect(routeTemplate("/not-api/anything")).toBe("[unmatched]");
  });
});
