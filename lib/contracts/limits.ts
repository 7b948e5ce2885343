/** Input limits shared by the routes, the UI and the docs. */
export const limits = {
  bodyBytes: 1_000_000,
  documentChars: 100_000,
  messageChars: 32_000,
  messages: 100,
  selectionChars: 20_000,
  instructionChars: 2_000,
  topicChars: 500,
  stopSequences: 4,
  stopSequenceChars: 100,
  maxTokensCeiling: 128_000,
} as const;
