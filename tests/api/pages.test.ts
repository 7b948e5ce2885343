import { describe, expect, it } from "vitest";
import { guestSession, registeredSession } from "./session";

describe("pages check ownership", () => {
  it("opens one's own document at /d/{id}; another user's, a missing and a malformed id are all 404", async () => {
    const owner = await registeredSession();
    const doc = (await (await owner.session.json("/api/documents", { title: "Private draft" })).json()).document;
    const own = await owner.session.fetch(`/d/${doc.id}`);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain("Private draft");

    const intruder = await guestSession();
    const foreign = await intruder.fetch(`/d/${doc.id}`);
    const missing = await intruder.fetch(`/d/${crypto.randomUUID()}`);
    const malformed = await intruder.fetch("/d/not-an-id");
    expect([foreign.status, missing.status, malformed.status]).toEqual([404, 404, 404]);
    expect(await foreign.text()).not.toContain("Private draft");
  });

  it("/ opens the writer's most recent document, creating one on the first visit", async () => {
    const session = await guestSession();
    const first = await session.fetch("/");
    expect(first.status).toBe(307);
    const created = first.headers.get("location")!;
    expect(created).toMatch(/^\/d\/[0-9a-f-]{36}$/);
    expect((await session.fetch("/")).headers.get("location")).toBe(created);
  });
});
