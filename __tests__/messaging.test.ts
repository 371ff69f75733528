// The messaging core's options that the chat does not use: the merge rule and the length cap, for
// the faces that come next; and system notices. The chat's own behaviour is covered by chat-*.test.ts.
import type { Channel } from "@/lib/channels";
import { nowSeconds } from "@/lib/db/client";
import { isDomainError } from "@/lib/errors";
import { bus, type BusMessages } from "@/lib/events";
import { messageStore, newRow } from "@/lib/messages";
import { channelMessages, markRead, postSystemNotice, send, sendAnonymous } from "@/lib/messaging";
import { newUser } from "./helpers/http";

const general = { kind: "public", id: "general" } as const;
const everything = { after: 0, limit: null, before: null };
const rowsOf = async (user: string) => (await channelMessages(user, general, everything)).map((m) => m.row);

beforeAll(async () => {
  await newUser("alice");
  await newUser("bob");
  await newUser("carol");
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

describe("tribune sends", () => {
  const dm: Channel = { kind: "dm", id: "dm:alice:bob", participants: ["alice", "bob"] };
  /** Change notices published while `work` runs. */
  async function noticesDuring(work: () => Promise<unknown>): Promise<BusMessages["change"][]> {
    const seen: BusMessages["change"][] = [];
    const stop = bus().subscribe("change", (m) => seen.push(m));
    try {
      await work();
    } finally {
      stop();
    }
    return seen;
  }

  it("an anonymous post reaches every member under sender \"\" and its identity, unread, with its mentions", async () => {
    for (const user of ["alice", "bob", "carol"]) await markRead(user, "general");
    let sent = { ids: [] as number[], merged: true };
    const notices = await noticesDuring(async () => {
      sent = await sendAnonymous("general", "Mozilla/5.0 <coincoin> & co", "hello @bob   ", { maxLength: 500 });
    });
    expect(sent.merged).toBe(false);
    expect(sent.ids).toHaveLength(1);
    for (const user of ["alice", "bob", "carol"]) {
      expect((await rowsOf(user)).find((r) => r.id === sent.ids[0])).toEqual(
        expect.objectContaining({ sender: "", agent: "Mozilla/5.0 <coincoin> & co", content: "hello @bob", mentions: JSON.stringify(["bob"]), read: 0 }),
      );
      expect(await messageStore().unreadCounts(user, ["general"])).toEqual({ general: 1 });
    }
    expect(await messageStore().mentionCounts("bob", ["general"])).toEqual({ general: 1 });
    expect(await messageStore().mentionCounts("alice", ["general"])).toEqual({ general: 0 });
    expect(notices).toEqual([{ users: "all", event: { kind: "messages", channel: "general" } }]);
    // The tribune's window has it, newest first, with its identity.
    const [newest] = await messageStore().archivePosts("general", 0, null, 1);
    expect(newest).toEqual(expect.objectContaining({ id: sent.ids[0], sender: "", agent: "Mozilla/5.0 <coincoin> & co" }));
  });

  it("an anonymous post is checked as a send is, and never merges", async () => {
    const first = await sendAnonymous("general", "coincoin", "one", {});
    const second = await sendAnonymous("general", "coincoin", "two", {});
    expect(second.ids[0]).not.toBe(first.ids[0]);
    for (const [text, maxLength] of [["   ", undefined], ["x".repeat(501), 500], ["bell \u0007", undefined]] as const) {
      const refused = await sendAnonymous("general", "coincoin", text, { maxLength }).catch((err: unknown) => err);
      expect(isDomainError(refused) && refused.code).toBe("invalid");
    }
  });

  it("an anonymous post goes to public channels only: anything else is not found and nothing is written", async () => {
    const before = { general: (await rowsOf("bob")).length, dm: (await channelMessages("bob", dm, everything)).length };
    const notices = await noticesDuring(async () => {
      for (const channel of ["dm:alice:bob", "private:1", "nowhere", ""]) {
        const refused = await sendAnonymous(channel, "coincoin", "let me in", {}).catch((err: unknown) => err);
        expect(isDomainError(refused) && refused.code).toBe("not_found");
      }
    });
    expect(notices).toEqual([]);
    expect((await rowsOf("bob")).length).toBe(before.general);
    expect((await channelMessages("bob", dm, everything)).length).toBe(before.dm);
  });

  it("a registered user's send keeps the identity it was made under, on the text and its attachments", async () => {
    const { ids } = await send("alice", "general", { text: "from my coincoin", replyTo: null, files: ["tribune.txt"] }, { agent: "Olcc/2.0" });
    const rows = (await rowsOf("bob")).filter((r) => ids.includes(r.id));
    expect(rows.map((r) => [r.sender, r.agent, r.read])).toEqual([["alice", "Olcc/2.0", 0], ["alice", "Olcc/2.0", 0]]);
    expect((await rowsOf("alice")).find((r) => r.id === ids[0])?.read).toBe(1);
    const web = await send("alice", "general", { text: "from the web", replyTo: null, files: [] });
    expect((await rowsOf("bob")).find((r) => r.id === web.ids[0])?.agent).toBeNull();
  });

  it("an identity longer than 150 characters is refused", async () => {
    const refused = await sendAnonymous("general", "a".repeat(151), "hi", {}).catch((err: unknown) => err);
    expect(isDomainError(refused) && refused.code).toBe("invalid");
    expect((await sendAnonymous("general", "\u{1F600}".repeat(150), "hi", {})).ids).toHaveLength(1);
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
