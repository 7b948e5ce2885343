import { PluginKey, type Transaction } from "@tiptap/pm/state";

/** Tags the transactions of the suggestion machinery, which the writer-edit checks leave alone. */
export const suggestionsKey = new PluginKey("suggestions");

export const markSuggestionTransaction = (tr: Transaction) => tr.setMeta(suggestionsKey, true);
export const isSuggestionTransaction = (tr: Transaction) => tr.getMeta(suggestionsKey) === true;
