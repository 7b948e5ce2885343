/** Input limits shared by the routes, the UI and the docs. */
export const limits = {
  bodyBytes: 1_000_000,
  documentChars: 100_000,
  messageChars: 32_000,
  messages: 100,
  selectionChars: 20_000,
  instructionChars: 2_000,
  topicChars: 500,
  audienceChars: 200,
  outlineToneChars: 100,
  headingChars: 200,
  keyPointChars: 500,
  toneChars: 60,
  stopSequences: 4,
  stopSequenceChars: 100,
  maxTokensCeiling: 128_000,
} as const;
