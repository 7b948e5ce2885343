import "server-only";
import { and, asc, count, desc, eq, inArray, isNull } from "drizzle-orm";
import { storableText } from "@/lib/contracts/strings";
import { getDb } from "../client";
import { conversations, messages, now } from "../schema";

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;

export async function listConversations({ ownerId, documentId }: { ownerId: string; documentId?: string | null }): Promise<ConversationRow[]> {
  const db = await getDb();
  const byDocument = documentId ? eq(conversations.documentId, documentId) : isNull(conversations.documentId);
  return db
    .select()
    .from(conversations)
    .where(and(eq(conversations.ownerId, ownerId), byDocument))
    .orderBy(desc(conversations.updatedAt));
}

export async function countConversations({ ownerId }: { ownerId: string }): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(conversations).where(eq(conversations.ownerId, ownerId));
  return row?.n ?? 0;
}

export async function createConversation({
  ownerId,
  documentId,
  title,
}: {
  ownerId: string;
  documentId?: string;
  title: string;
}): Promise<ConversationRow> {
  const db = await getDb();
  const [row] = await db.insert(conversations).values({ ownerId, documentId: documentId ?? null, title }).returning();
  return row!;
}

export async function getConversation({ ownerId, conversationId }: { ownerId: string; conversationId: string }): Promise<ConversationRow | undefined> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, conversationId), eq(conversations.ownerId, ownerId)));
  return row;
}

export async function renameConversation({
  ownerId,
  conversationId,
  title,
}: {
  ownerId: string;
  conversationId: string;
  title: string;
}): Promise<ConversationRow | undefined> {
  const db = await getDb();
  const [row] = await db
    .update(conversations)
    .set({ title, updatedAt: now })
    .where(and(eq(conversations.id, conversationId), eq(conversations.ownerId, ownerId)))
    .returning();
  return row;
}

/** Names an untitled conversation after its first question; a title the writer chose is kept. */
export async function titleConversationIfUntitled({
  ownerId,
  conversationId,
  untitled,
  title,
}: {
  ownerId: string;
  conversationId: string;
  untitled: string;
  title: string;
}): Promise<void> {
  const db = await getDb();
  await db
    .update(conversations)
    .set({ title })
    .where(and(eq(conversations.id, conversationId), eq(conversations.ownerId, ownerId), eq(conversations.title, untitled)));
}

export async function touchConversation({ ownerId, conversationId }: { ownerId: string; conversationId: string }): Promise<void> {
  const db = await getDb();
  await db
    .update(conversations)
    .set({ updatedAt: now })
    .where(and(eq(conversations.id, conversationId), eq(conversations.ownerId, ownerId)));
}

export async function deleteConversation({ ownerId, conversationId }: { ownerId: string; conversationId: string }): Promise<boolean> {
  const db = await getDb();
  const deleted = await db
    .delete(conversations)
    .where(and(eq(conversations.id, conversationId), eq(conversations.ownerId, ownerId)))
    .returning({ id: conversations.id });
  return deleted.length > 0;
}

export async function listMessages({ ownerId, conversationId }: { ownerId: string; conversationId: string }): Promise<MessageRow[]> {
  const db = await getDb();
  return db
    .select()
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.ownerId, ownerId)))
    .orderBy(asc(messages.seq));
}

export async function getMessage({
  ownerId,
  conversationId,
  messageId,
}: {
  ownerId: string;
  conversationId: string;
  messageId: string;
}): Promise<MessageRow | undefined> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.ownerId, ownerId), eq(messages.id, messageId)));
  return row;
}

export async function insertMessage({
  message,
}: {
  message: Pick<typeof messages.$inferInsert, "id" | "conversationId" | "ownerId" | "role" | "content" | "status" | "model" | "replyTo">;
}): Promise<void> {
  const db = await getDb();
  await db.insert(messages).values({ ...message, content: storableText(message.content) }).onConflictDoNothing();
}

export async function updateMessage({
  ownerId,
  conversationId,
  messageId,
  content,
  status,
}: {
  ownerId: string;
  conversationId: string;
  messageId: string;
  content: string;
  status: MessageRow["status"];
}): Promise<void> {
  const db = await getDb();
  await db
    .update(messages)
    .set({ content: storableText(content), status })
    .where(and(eq(messages.conversationId, conversationId), eq(messages.ownerId, ownerId), eq(messages.id, messageId)));
}

/** Regenerating an earlier answer: the turns after it go. */
export async function deleteMessages({ ownerId, conversationId, ids }: { ownerId: string; conversationId: string; ids: string[] }): Promise<void> {
  if (ids.length === 0) return;
  const db = await getDb();
  await db
    .delete(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.ownerId, ownerId), inArray(messages.id, ids)));
}

/** Which answer of a question is shown (null: the newest). */
export async function showAnswer({
  ownerId,
  conversationId,
  questionId,
  answerId,
}: {
  ownerId: string;
  conversationId: string;
  questionId: string;
  answerId: string | null;
}): Promise<void> {
  const db = await getDb();
  await db
    .update(messages)
    .set({ shownAnswerId: answerId })
    .where(and(eq(messages.conversationId, conversationId), eq(messages.ownerId, ownerId), eq(messages.id, questionId)));
}
