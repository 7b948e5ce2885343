import { describe, expect, it } from "vitest";
import { versionTime } from "@/components/history/version-time";

describe("versionTime", () => {
  const now = new Date(2026, 11, 6, 19, 0);

  it("says the day and the time, in the writer's time zone", () => {
    expect(versionTime(new Date(2026, 11, 6, 18, 2), now)).toBe("6 Dec, 18:02");
    expect(versionTime(new Date(2026, 0, 15, 9, 5), now)).toBe("15 Jan, 09:05");
  });

  it("adds the year for another year's versions", () => {
    expect(versionTime(new Date(2025, 11, 31, 23, 59), now)).toBe("31 Dec 2025, 23:59");
  });
});
