import { allocateIds, deliverNow, replayJournal, settled, type Audience } from "@/lib/messages/sqlite/delivery";
import { insertRows, newRow, rowsInChannel } from "@/lib/messages/sqlite/rows";
import { archiveFile, userFile } from "@/lib/messages/sqlite/store";
import { db } from "@/lib/db/client";
import { newUser } from "./helpers/http";

const message = async (channel: string, sender: string, content: string) =>
  newRow({ id: await allocateIds(1), channel, sender, content, ts: Date.now() / 1000 });

describe("a new user's history (port decision 5)", () => {
  it("holds public channels from the archives, marked read, and never private channels or DMs", async () => {
    await newUser("alice");
    await newUser("bob");
    const post = async (channel: string, content: string, audience: Audience) =>
      deliverNow(channel, audience, [{ op: "insert", rows: [await message(channel, "alice", content)] }]);
    await post("software", "public hello", { kind: "public", channel: "software" });
    await post("private:1", "private secret", { kind: "users", users: ["alice", "bob"] });
    await post("dm:alice:bob", "dm secret", { kind: "users", users: ["alice", "bob"] });
    expect(rowsInChannel(userFile("bob"), "software").map((r) => [r.content, r.read])).toEqual([["public hello", 0]]);

    await newUser("carol");
    await settled(); // the files are read directly: the welcome's copies are written in the background
    const carol = userFile("carol");
    expect(rowsInChannel(carol, "software")).toEqual([expect.objectContaining({ content: "public hello", sender: "alice", read: 1 })]);
    expect(rowsInChannel(carol, "private:1")).toEqual([]);
    expect(rowsInChannel(carol, "dm:alice:bob")).toEqual([]);
    // The welcome messages of everyone who came before, under the same ids as everywhere else.
    const welcomes = rowsInChannel(carol, "general").map((r) => r.content);
    expect(welcomes).toEqual([
      expect.stringContaining("Welcome to MiniMost, alice!"),
      expect.stringContaining("Welcome to MiniMost, bob!"),
      expect.stringContaining("Welcome to MiniMost, carol!"),
    ]);
    expect(rowsInChannel(carol, "general").map((r) => r.id)).toEqual(rowsInChannel(userFile("alice"), "general").map((r) => r.id));
  });

  it("copies a long history completely", async () => {
    const first = await allocateIds(2500);
    const rows = Array.from({ length: 2500 }, (_, i) =>
      newRow({ id: first + i, channel: "off-topic", sender: "alice", content: `line ${i}`, ts: 1000 + i }),
    );
    insertRows(archiveFile("off-topic"), rows);
    await newUser("dora");
    const copied = rowsInChannel(userFile("dora"), "off-topic");
    expect(copied).toHaveLength(2500);
    expect(copied.every((r) => r.read === 1)).toBe(true);
  });
});

describe("delivery", () => {
  it("gives every message one global id, the same in every copy", async () => {
    const a = await allocateIds(1);
    const b = await allocateIds(3);
    expect(b).toBe(a + 1);
    expect(await allocateIds(1)).toBe(a + 4);
  });

  it("finishes a journaled delivery on replay, without duplicates", async () => {
    const row = await message("general", "alice", "interrupted");
    // A delivery that was journaled and reached only the archive before the process died.
    insertRows(archiveFile("general"), [row]);
    await db().fanoutJournal.create({
      data: {
        kind: "public",
        channel: "general",
        messageId: row.id,
        payload: JSON.stringify({ audience: { kind: "public", channel: "general" }, ops: [{ op: "insert", rows: [row] }], readBy: [] }),
        recipients: "public",
        createdAt: Date.now() / 1000,
      },
    });
    expect(await replayJournal()).toBe(1);
    expect(await replayJournal()).toBe(0);
    for (const user of ["alice", "bob", "carol", "dora"]) {
      expect(rowsInChannel(userFile(user), "general").filter((r) => r.id === row.id)).toHaveLength(1);
    }
    expect(rowsInChannel(archiveFile("general"), "general").filter((r) => r.id === row.id)).toHaveLength(1);
    expect(await db().fanoutJournal.count()).toBe(0);
  });
});
