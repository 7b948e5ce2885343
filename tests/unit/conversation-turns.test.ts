import { describe, expect, it } from "vitest";
import { answerableTurns, shownTurns, turnsAfter, type StoredTurn } from "@/lib/server/conversation-turns";

let seq = 0;
const q = (id: string, shownAnswerId: string | null = null): StoredTurn => ({ id, seq: ++seq, role: "user", replyTo: null, shownAnswerId });
const a = (id: string, replyTo: string | null = null): StoredTurn => ({ id, seq: ++seq, role: "assistant", replyTo, shownAnswerId: null });
const ids = (turns: { message: StoredTurn; versions?: StoredTurn[] }[]) =>
  turns.map((t) => (t.versions ? `${t.message.id}[${t.versions.map((v) => v.id).join(",")}]` : t.message.id));

describe("conversation turns", () => {
  it("shows the newest answer of a regenerated question, with every version", () => {
    expect(ids(shownTurns([q("q1"), a("a1", "q1"), a("a2", "q1"), q("q2"), a("b1", "q2")]))).toEqual(["q1", "a2[a1,a2]", "q2", "b1"]);
  });

  it("shows the version the writer chose", () => {
    expect(ids(shownTurns([q("q1", "a1"), a("a1", "q1"), a("a2", "q1")]))).toEqual(["q1", "a1[a1,a2]"]);
  });

  it("places an answer retried in place right after its question, and reads older rows by position", () => {
    expect(ids(shownTurns([q("q1"), a("a1"), q("q2"), q("q3"), a("c1", "q3"), a("b1", "q2")]))).toEqual(["q1", "a1", "q2", "b1", "q3", "c1"]);
  });

  it("a regenerate drops the later turns but keeps the question's answers and earlier answers retried in place", () => {
    const rows = [q("q1"), q("q2"), a("b1", "q2"), a("a1", "q1"), q("q3"), a("c1", "q3")];
    expect(turnsAfter(rows, rows[1]!).map((r) => r.id)).toEqual(["q3", "c1"]);
  });

  it("leaves a question that got no answer out of what the model sees", () => {
    const turns = [
      { role: "user", content: "failed" },
      { role: "user", content: "next" },
      { role: "assistant", content: "answer" },
      { role: "user", content: "last" },
    ];
    expect(answerableTurns(turns).map((t) => t.content)).toEqual(["next", "answer", "last"]);
  });
});
