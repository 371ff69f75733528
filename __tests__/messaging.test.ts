// The messaging core's options that the chat does not use: the merge rule and the length cap, for
// the faces that come next; and system notices. The chat's own behaviour is covered by chat-*.test.ts.
import { nowSeconds } from "@/lib/db/client";
import { isDomainError } from "@/lib/errors";
import { messageStore, newRow } from "@/lib/messages";
import { channelMessages, postSystemNotice, send } from "@/lib/messaging";
import { newUser } from "./helpers/http";

const general = { kind: "public", id: "general" } as const;
const everything = { after: 0, limit: null, before: null };
const rowsOf = async (user: string) => (await channelMessages(user, general, everything)).map((m) => m.row);

beforeAll(async () => {
  await newUser("alice");
  await newUser("bob");
});

afterEach(() => messageStore().settled());

describe("send", () => {
  it("never merges unless asked: two quick sends are two messages", async () => {
    const first = await send("alice", "general", { text: "one", replyTo: null, files: [] });
    const second = await send("alice", "general", { text: "two", replyTo: null, files: [] });
    expect(first.merged || second.merged).toBe(false);
    expect(second.ids[0]).not.toBe(first.ids[0]);
  });

  it("with a merge window, appends a plain send to the sender's own recent plain message", async () => {
    const { ids } = await send("alice", "general", { text: "hello", replyTo: null, files: [] });
    const merged = await send("alice", "general", { text: "and @bob", replyTo: null, files: [] }, { mergeWindowSeconds: 300 });
    expect(merged).toEqual({ ids, merged: true });
    const row = (await rowsOf("bob")).find((r) => r.id === ids[0]);
    // The reference's merge: one message, texts joined by a line break, edited_ts moves, edited stays 0.
    expect(row).toEqual(expect.objectContaining({ content: "hello\nand @bob", edited: 0, mentions: JSON.stringify(["bob"]) }));
    expect(row?.edited_ts).toEqual(expect.any(Number));
    expect((await rowsOf("bob")).filter((r) => r.content.includes("and @bob"))).toHaveLength(1);
  });

  it("does not merge a reply, a send with files, or into a message older than the window", async () => {
    const { ids } = await send("bob", "general", { text: "base", replyTo: null, files: [] });
    const reply = await send("bob", "general", { text: "a reply", replyTo: ids[0]!, files: [] }, { mergeWindowSeconds: 300 });
    expect(reply.merged).toBe(false);
    const withFile = await send("bob", "general", { text: "a file", replyTo: null, files: ["f.txt"] }, { mergeWindowSeconds: 300 });
    expect(withFile.merged).toBe(false);

    // In the DM, bob's only plain message is 1000 s old.
    const dm = "dm:alice:bob";
    const store = messageStore();
    const old = newRow({ id: await store.allocateIds(1), channel: dm, sender: "bob", content: "long ago", ts: nowSeconds() - 1000 });
    await store.deliverNow({ channel: dm, audience: { kind: "users", users: ["alice", "bob"] }, ops: [{ op: "insert", rows: [old] }] });
    const late = await send("bob", dm, { text: "too late", replyTo: null, files: [] }, { mergeWindowSeconds: 300 });
    expect(late.merged).toBe(false);
    const dmRows = (await channelMessages("alice", { kind: "dm", id: dm, participants: ["alice", "bob"] }, everything)).map((m) => m.row.content);
    expect(dmRows).toEqual(["long ago", "too late"]);
  });

  it("with a length cap, refuses a longer text and writes nothing", async () => {
    const before = (await rowsOf("alice")).length;
    const refused = await send("alice", "general", { text: "x".repeat(501), replyTo: null, files: [] }, { maxLength: 500 }).catch((err: unknown) => err);
    expect(isDomainError(refused) && refused.code).toBe("invalid");
    expect((await rowsOf("alice")).length).toBe(before);
    // Characters, not UTF-16 units: 500 emoji fit.
    const sent = await send("alice", "general", { text: "\u{1F600}".repeat(500), replyTo: null, files: [] }, { maxLength: 500 });
    expect(sent.ids).toHaveLength(1);
  });
});

describe("system notices", () => {
  it("are posted by system, as system content, read for whom the caller says", async () => {
    const id = await postSystemNotice("general", "maintenance at noon", { kind: "public", channel: "general" }, { readBy: ["alice"], waitForCopies: true });
    const forAlice = (await rowsOf("alice")).find((r) => r.id === id);
    const forBob = (await rowsOf("bob")).find((r) => r.id === id);
    expect(forAlice).toEqual(expect.objectContaining({ sender: "system", content_type: "system", content: "maintenance at noon", read: 1 }));
    expect(forBob).toEqual(expect.objectContaining({ sender: "system", read: 0 }));
  });
});
