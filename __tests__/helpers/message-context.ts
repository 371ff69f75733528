// The context a message row is drawn in (app/_components/chat/message-item.tsx), for component tests:
// alice reading, bob known, every callback doing nothing unless a test passes its own.
import type { MessageContext } from "@/app/_components/chat/message-item";

export function messageContext(overrides: Partial<MessageContext> = {}): MessageContext {
  return {
    users: new Set(["alice", "bob"]),
    me: "alice",
    colors: {},
    avatars: new Set(),
    avatarVersion: 0,
    readersOf: () => [],
    onReply: () => undefined,
    onDelete: () => undefined,
    onChanged: () => undefined,
    onError: () => undefined,
    jumpTo: () => undefined,
    ...overrides,
  };
}
