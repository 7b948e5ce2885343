import { describe, expect, it } from "vitest";
import { groupCommit } from "@/lib/server/db/group-commit";

/** A writer that records each batch and can be held open or made to fail. */
function recorder(fail: (items: number[]) => boolean = () => false) {
  const batches: number[][] = [];
  let release: () => void = () => {};
  let gate: Promise<void> | undefined;
  return {
    batches,
    hold() {
      gate = new Promise((r) => (release = r));
    },
    open: () => release(),
    write: async (items: number[]) => {
      batches.push(items);
      if (gate) await gate;
      if (fail(items)) throw new Error(`bad batch ${items.join(",")}`);
    },
  };
}

describe("groupCommit", () => {
  it("writes a lone item on its own, on the next turn", async () => {
    const r = recorder();
    const add = groupCommit(r.write);
    const written = add(1);
    expect(r.batches).toEqual([]);
    await written;
    expect(r.batches).toEqual([[1]]);
  });

  it("writes items added in the same turn as one batch", async () => {
    const r = recorder();
    const add = groupCommit(r.write);
    await Promise.all([add(1), add(2), add(3)]);
    expect(r.batches).toEqual([[1, 2, 3]]);
  });

  it("collects what arrives during a write into the next batch", async () => {
    const r = recorder();
    r.hold();
    const add = groupCommit(r.write);
    const first = add(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [add(2), add(3)];
    r.open();
    await Promise.all([first, ...later]);
    expect(r.batches).toEqual([[1], [2, 3]]);
  });

  it("splits a long queue at the batch size", async () => {
    const r = recorder();
    const add = groupCommit(r.write, 2);
    await Promise.all([1, 2, 3, 4, 5].map(add));
    expect(r.batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("retries a failed batch item by item, so only the bad item's caller sees the error", async () => {
    const r = recorder((items) => items.includes(2));
    const add = groupCommit(r.write);
    const results = await Promise.allSettled([add(1), add(2), add(3)]);
    expect(results.map((x) => x.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(r.batches).toEqual([[1, 2, 3], [1], [2], [3]]);
  });

  it("keeps working after a failure", async () => {
    const r = recorder((items) => items.includes(1));
    const add = groupCommit(r.write);
    await expect(add(1)).rejects.toThrow("bad batch 1");
    await add(4);
    expect(r.batches.at(-1)).toEqual([4]);
  });
});
