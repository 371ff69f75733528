/**
 * The example values the document's requests use. Each names something a fresh install has once the
 * walk in __tests__/openapi.test.ts has set it up (three users, whose welcome messages are 1–3, two messages, two private
 * channels, a board thread with a reply and a report), so every example is a request that works there.
 * Upload names, token ids and webhook secrets are random by design: their examples show the shape.
 */
export const EXAMPLES = {
  user: "alice",
  other: "bob",
  third: "carol",
  password: "Passw0rd!",
  /** The password after the change-password example (the account deletion example uses it). */
  newPassword: "Newpassw0rd!",
  channel: "general",
  dm: "dm:alice:bob",
  /** A message of alice's in #general: read, edited and reacted to. */
  messageId: "4",
  /** Another of alice's messages in #general: deleted. */
  deletedMessageId: "5",
  /** alice's private channel with bob: renamed, read, gains carol. */
  privateId: "1",
  /** A second private channel of alice's: left. */
  leftPrivateId: "2",
  /** Stored upload names are `<32 hex>_<original name>` (images: `<32 hex>.<ext>`). */
  fileName: "5f0c2a8e9b7d4c1f8a6e3b2d1c0f9e8a_notes.txt",
  board: "tech",
  otherBoard: "random",
  /** A thread of alice's on /tech/ with her opening post and a reply of bob's. */
  thread: "1",
  openingPost: "1",
  replyPost: "2",
  /** Threads of alice's moved to another board and deleted. */
  movedThread: "2",
  deletedThread: "3",
  report: "1",
  mediaName: "6b1f0d2c9a8e7f5b4c3d2e1f0a9b8c7d.png",
  /** New accounts made by the sign-up examples. */
  newUser: "erin",
  newFormUser: "frank",
  bot: "deploy-bot",
  tokenId: "a1b2c3d4e5f6",
  webhookId: "f6e5d4c3b2a1",
  hookSecret: "mmh_f6e5d4c3b2a1_Q5rFd0WoWtUH0irNEJOLtRvvOdjmfwE2B6oEWAR78",
} as const;
