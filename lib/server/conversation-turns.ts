import "server-only";

/** What arranging a conversation needs of a stored message. */
export interface StoredTurn {
  id: string;
  seq: number;
  role: "user" | "assistant" | "system";
  replyTo: string | null;
  shownAnswerId: string | null;
}

/** A message as shown; an answer with more than one version (Regenerate) lists them all, oldest first. */
export interface ShownTurn<T> {
  message: T;
  versions?: T[];
}

/** The question each answer replies to: its `replyTo`, or (older rows) the question stored before it. */
function questionOf<T extends StoredTurn>(rows: T[]): Map<string, string | undefined> {
  const byAnswer = new Map<string, string | undefined>();
  let lastQuestion: string | undefined;
  for (const row of rows) {
    if (row.role === "user") lastQuestion = row.id;
    else if (row.role === "assistant") byAnswer.set(row.id, row.replyTo ?? lastQuestion);
  }
  return byAnswer;
}

/**
 * The conversation as shown, from its stored rows (in `seq` order): each question followed by
 * its shown answer (the one chosen, else the newest), whatever order the answers were stored in
 * (an answer retried in place comes after later turns). An answer without a question stays where it is.
 */
export function shownTurns<T extends StoredTurn>(rows: T[]): ShownTurn<T>[] {
  const questions = questionOf(rows);
  const answers = new Map<string, T[]>();
  const questionIds = new Set(rows.filter((r) => r.role === "user").map((r) => r.id));
  for (const row of rows) {
    const question = questions.get(row.id);
    if (row.role !== "assistant" || !question || !questionIds.has(question)) continue;
    answers.set(question, [...(answers.get(question) ?? []), row]);
  }
  const shown: ShownTurn<T>[] = [];
  for (const row of rows) {
    if (row.role === "assistant") {
      const question = questions.get(row.id);
      if (!question || !questionIds.has(question)) shown.push({ message: row });
      continue;
    }
    shown.push({ message: row });
    const versions = row.role === "user" ? answers.get(row.id) : undefined;
    if (!versions) continue;
    const answer = versions.find((a) => a.id === row.shownAnswerId) ?? versions.at(-1)!;
    shown.push(versions.length > 1 ? { message: answer, versions } : { message: answer });
  }
  return shown;
}

/** The turns after a question (later questions and their answers): what a regenerate of it drops. */
export function turnsAfter<T extends StoredTurn>(rows: T[], question: T): T[] {
  const questions = questionOf(rows);
  const seqOf = new Map(rows.map((r) => [r.id, r.seq]));
  return rows.filter((r) => {
    if (r.role !== "assistant") return r.seq > question.seq;
    const asked = questions.get(r.id);
    return (asked === undefined ? r.seq : (seqOf.get(asked) ?? r.seq)) > question.seq;
  });
}

/** The answers of one question, oldest first. */
export function answersOf<T extends StoredTurn>(rows: T[], questionId: string): T[] {
  const questions = questionOf(rows);
  return rows.filter((r) => r.role === "assistant" && questions.get(r.id) === questionId);
}

/**
 * A history the model can follow: a question left without an answer (it failed) and followed by
 * another question is dropped, so the model never sees two questions in a row and answers the last.
 */
export function answerableTurns<T extends { role: string }>(turns: T[]): T[] {
  return turns.filter((t, i) => !(t.role === "user" && turns[i + 1]?.role === "user"));
}
