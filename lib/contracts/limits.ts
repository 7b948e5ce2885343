/** A caller's rate limits: requests per minute and per hour, tokens per minute, streams at once. */
export interface RateLimits {
  rpm: number;
  rph: number;
  tpm: number;
  concurrent: number;
}

/**
 * The rate limits when the operator sets none (RATE_LIMIT_* in lib/server/env/schema.ts): per user
 * and per API key, unless the key has its own.
 */
export const defaultRateLimits = { rpm: 60, rph: 1_000, tpm: 200_000, concurrent: 4 } as const satisfies RateLimits;

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
  titleChars: 200,
  searchChars: 200,
  versionLabelChars: 100,
  conversationTitleChars: 120,
  emailChars: 254,
  nameChars: 100,
  apiKeyNameChars: 100,
  /** `prompt` of POST /api/v1/write. */
  promptChars: 20_000,
  passwordMinChars: 8,
  passwordMaxChars: 200,
  /** Request body cap for saving a document (its JSON is several times its text). */
  documentBodyBytes: 8_000_000,
  /** A document's outline: sections, key points per section, and its saved JSON. */
  outlineSections: 30,
  outlineKeyPoints: 30,
  outlineBodyBytes: 200_000,
  /** A style guide (lib/contracts/style-guide.ts): its voice, terms and example passage. */
  styleVoiceChars: 300,
  styleTermChars: 80,
  styleTerms: 50,
  styleExampleChars: 3_000,
  /** Request body cap for saving a style guide. */
  styleGuideBodyBytes: 20_000,
} as const;
