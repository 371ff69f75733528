import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { resetSingleton } from "@/lib/globals";
import { insertRows, newRow, POSTS_IN_ID_WINDOW_SQL, postsInIdWindow, rowById, rowsInChannel } from "@/lib/messages/sqlite/rows";
import { dmSummaries, hideDm } from "@/lib/messages/sqlite/queries";
import { MESSAGE_FILE_MIGRATIONS, MESSAGE_FILE_VERSION } from "@/lib/messages/sqlite/schema";
import {
  channelFileName,
  closeAllMessageFiles,
  openHandleCount,
  openMessageFile,
  StoreError,
  userFile,
  userFileName,
} from "@/lib/messages/sqlite/store";

const dir = () => path.join(process.env.DATA_DIR!, "store-test");
const file = (name: string) => path.join(dir(), name);

describe("file names", () => {
  it("derive user files from lower-cased usernames only", () => {
    expect(userFileName("Alice_1-x")).toBe("alice_1-x.db");
    expect(userFileName("ALICE")).toBe(userFileName("alice"));
    for (const bad of ["", "../etc", "a/b", "a.b", "x".repeat(33), "a\u0000b", "é"]) {
      expect(() => userFileName(bad)).toThrow("not a valid username");
    }
  });

  it("encode channel names one-to-one, case-sensitively, without separators", () => {
    expect(channelFileName("general")).toBe("general.db");
    expect(channelFileName("off-topic")).toBe("off-topic.db");
    const names = ["General", "general", "a_b", "a_5fb", "..", ".", "a/b", "a\\b", "café", "Ab"];
    const encoded = names.map(channelFileName);
    expect(new Set(encoded).size).toBe(names.length);
    for (const name of encoded) expect(name).toMatch(/^[a-z0-9_-]+\.db$/);
  });
});

describe("message files", () => {
  beforeEach(() => fs.mkdirSync(dir(), { recursive: true }));

  it("are created at the current schema version in WAL mode, with a working trigram index", () => {
    const handle = openMessageFile(file("fresh.db"), true);
    expect(handle.db.pragma("user_version", { simple: true })).toBe(MESSAGE_FILE_VERSION);
    expect(handle.db.pragma("journal_mode", { simple: true })).toBe("wal");
    insertRows(handle, [newRow({ id: 1, channel: "general", sender: "alice", content: "Deploying the Firmware today", ts: 1 })]);
    const search = (q: string) =>
      handle.db.prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?").all(`"${q}"`).length;
    expect(search("firmware")).toBe(1);
    handle.db.prepare("UPDATE messages SET content = 'nothing here' WHERE id = 1").run();
    expect(search("firmware")).toBe(0);
    expect(search("here")).toBe(1);
    handle.db.prepare("DELETE FROM messages WHERE id = 1").run();
    expect(search("here")).toBe(0);
    handle.close();
  });

  it("written before inserts were indexed in bulk (v5) index old and new rows once each, replays included", () => {
    const target = file("v5.db");
    const old = new Database(target);
    for (const migration of MESSAGE_FILE_MIGRATIONS.slice(0, 5)) old.exec(migration);
    old.pragma("user_version = 5");
    old.prepare("INSERT INTO messages (id, channel, sender, content, ts, unit_id) VALUES (1, 'general', 'alice', 'old firmware notes', 1, 1)").run();
    old.close();

    const handle = openMessageFile(target, false);
    const hits = (q: string) => handle.db.prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?").all(`"${q}"`).length;
    const rows = [2, 3, 4].map((id) => newRow({ id, channel: "general", sender: "bob", content: `new firmware build ${id}`, ts: id }));
    expect(insertRows(handle, rows)).toBe(3);
    expect(insertRows(handle, rows)).toBe(0); // a replay adds nothing, to the rows or to the index
    expect(hits("firmware")).toBe(4);
    expect(hits("build 3")).toBe(1);
    // Inserts are indexed by insertRows alone; edits and deletions keep their triggers.
    const triggers = handle.db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all();
    expect(triggers).toEqual([{ name: "messages_fts_ad" }, { name: "messages_fts_au" }]);
    handle.db.prepare("DELETE FROM messages WHERE id = 3").run();
    expect(hits("firmware")).toBe(3);
    handle.close();
  });

  it("keep one copy per global id however often a row is delivered", () => {
    const handle = openMessageFile(file("idem.db"), true);
    const row = newRow({ id: 42, channel: "general", sender: "bob", content: "once", ts: 10 });
    expect(insertRows(handle, [row])).toBe(1);
    expect(insertRows(handle, [row, { ...row, content: "changed" }])).toBe(0);
    expect(rowsInChannel(handle, "general")).toHaveLength(1);
    expect(rowById(handle, 42)?.content).toBe("once");
    handle.close();
  });

  it("bring a closed DM back with any message it did not hold when closed, whatever its clock says", () => {
    const handle = openMessageFile(file("dm-hidden.db"), true);
    const dm = (id: number, ts: number) => newRow({ id, channel: "dm:alice:bob", sender: "bob", content: `m${id}`, ts });
    const shown = () => dmSummaries(handle, "alice").map((d) => d.channel);
    insertRows(handle, [dm(1, 100)]);
    hideDm(handle, "dm:alice:bob", 200);
    expect(shown()).toEqual([]);
    // Sent at 150, before the close at 200, but delivered after it: news all the same.
    insertRows(handle, [dm(2, 150)]);
    expect(shown()).toEqual(["dm:alice:bob"]);
    // Closing an empty DM hides it as of the time given.
    hideDm(handle, "dm:alice:carol", 300);
    insertRows(handle, [newRow({ id: 3, channel: "dm:alice:carol", sender: "carol", content: "late", ts: 250 })]);
    expect(shown()).toEqual(["dm:alice:bob"]);
    handle.close();
  });

  it("written by an older release are upgraded when opened, data intact", () => {
    const target = file("old.db");
    const old = new Database(target);
    old.exec(MESSAGE_FILE_MIGRATIONS[0]!);
    old.pragma("user_version = 1");
    old.prepare(
      "INSERT INTO messages (id, channel, sender, content, ts, edited, edited_ts, reactions_ts, unit_id) VALUES (7, 'general', 'alice', 'hello', 100, 1, 250, 180, 7)",
    ).run();
    old.close();

    const handle = openMessageFile(target, false);
    expect(handle.db.pragma("user_version", { simple: true })).toBe(MESSAGE_FILE_VERSION);
    expect(rowById(handle, 7)).toMatchObject({ content: "hello", edited: 1, updated_ts: 250 });
    const indexes = handle.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as { name: string }[];
    expect(indexes.map((i) => i.name)).toEqual(expect.arrayContaining(["messages_channel_updated", "messages_unread"]));
    handle.close();
  });

  it("written before the tribune (v3) gain the identity column when opened: old rows have none, new ones keep theirs", () => {
    const target = file("v3.db");
    const old = new Database(target);
    for (const migration of MESSAGE_FILE_MIGRATIONS.slice(0, 3)) old.exec(migration);
    old.pragma("user_version = 3");
    old.prepare("INSERT INTO messages (id, channel, sender, content, ts, unit_id, updated_ts) VALUES (9, 'general', 'alice', 'before', 100, 9, 100)").run();
    old.close();

    const handle = openMessageFile(target, false);
    expect(handle.db.pragma("user_version", { simple: true })).toBe(MESSAGE_FILE_VERSION);
    expect(rowById(handle, 9)).toMatchObject({ content: "before", agent: null });
    insertRows(handle, [newRow({ id: 10, channel: "general", sender: "", content: "after", ts: 200, agent: "Mozilla/5.0 <&>" })]);
    expect(rowById(handle, 10)).toMatchObject({ sender: "", agent: "Mozilla/5.0 <&>" });
    handle.close();
  });

  it("take a row journaled before the identity column as a web send", () => {
    const handle = openMessageFile(file("old-journal.db"), true);
    const { agent: _dropped, ...journaled } = newRow({ id: 5, channel: "general", sender: "bob", content: "old op", ts: 1 });
    insertRows(handle, [journaled as Parameters<typeof insertRows>[1][number]]);
    expect(rowById(handle, 5)).toMatchObject({ content: "old op", agent: null });
    handle.close();
  });

  it("answer the tribune's window down the primary key, never by scanning or sorting the channel", () => {
    const handle = openMessageFile(file("plan.db"), true);
    const rows = Array.from({ length: 50 }, (_, i) => newRow({ id: i + 1, channel: "general", sender: "alice", content: `p${i + 1}`, ts: i }));
    insertRows(handle, rows);
    handle.db.exec("ANALYZE"); // whatever the statistics say, the plan stays the same
    const plan = (handle.db.prepare(`EXPLAIN QUERY PLAN ${POSTS_IN_ID_WINDOW_SQL}`).all(0, 40, "general", 5) as { detail: string }[]).map((r) => r.detail);
    expect(plan).toEqual([expect.stringMatching(/^SEARCH messages USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)$/)]);
    expect(postsInIdWindow(handle, "general", 0, 40, 3).map((r) => r.id)).toEqual([39, 38, 37]);
    handle.close();
  });

  it("refuse a file from a newer release", () => {
    const target = file("new.db");
    const db = new Database(target);
    db.pragma(`user_version = ${MESSAGE_FILE_VERSION + 1}`);
    db.close();
    expect(() => openMessageFile(target, false)).toThrow(StoreError);
    expect(() => openMessageFile(target, false)).toThrow("newer than this release");
  });

  it("that are corrupt are reported, never recreated", () => {
    const target = file("corrupt.db");
    const garbage = Buffer.from("this is not a database, it is a shopping list\n".repeat(200));
    fs.writeFileSync(target, garbage);
    let error: unknown;
    try {
      openMessageFile(target, true);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe("corrupt");
    expect(fs.readFileSync(target).equals(garbage)).toBe(true);
  });

  it("that are missing are not created unless asked", () => {
    expect(() => openMessageFile(file("absent.db"), false)).toThrow(expect.objectContaining({ code: "missing" }));
    expect(fs.existsSync(file("absent.db"))).toBe(false);
  });
});

describe("the handle cache", () => {
  const previous = process.env.MINIMOST_OPEN_FILES;
  beforeAll(() => {
    closeAllMessageFiles();
    resetSingleton("message-file-cache");
    process.env.MINIMOST_OPEN_FILES = "5"; // three for this thread's cache, one for each of the two fan-out workers
  });
  afterAll(() => {
    closeAllMessageFiles();
    resetSingleton("message-file-cache");
    if (previous === undefined) delete process.env.MINIMOST_OPEN_FILES;
    else process.env.MINIMOST_OPEN_FILES = previous;
  });

  it("reuses open handles and their prepared statements", () => {
    const first = userFile("cache0", { create: true });
    expect(userFile("cache0")).toBe(first);
    expect(first.stmt("SELECT count(*) FROM messages")).toBe(first.stmt("SELECT count(*) FROM messages"));
  });

  it("closes the least recently used handle beyond its bound, and reopens it on demand", () => {
    const handles = ["cache1", "cache2", "cache3", "cache4"].map((name) => userFile(name, { create: true }));
    expect(openHandleCount()).toBe(3);
    expect(handles[0]!.isOpen).toBe(false);
    expect(handles[3]!.isOpen).toBe(true);
    insertRows(userFile("cache1"), [newRow({ id: 1, channel: "general", sender: "x", content: "back", ts: 1 })]);
    expect(openHandleCount()).toBe(3);
    expect(rowById(userFile("cache1"), 1)?.content).toBe("back");
  });

  it("keeps a handle that someone still holds usable: it reopens on its next statement", () => {
    const held = userFile("cache1");
    for (const name of ["cache2", "cache3", "cache4"]) userFile(name);
    expect(held.isOpen).toBe(false);
    expect(rowById(held, 1)?.content).toBe("back");
    expect(held.isOpen).toBe(true);
    expect(userFile("cache1")).toBe(held);
    expect(openHandleCount()).toBe(3);
  });

  it("never closes a file under a transaction or a pinned operation; beyond the bound only while all are busy", async () => {
    const outer = userFile("cache1");
    outer.write(() => {
      // Opening more files than the bound inside a transaction: the file in the transaction stays open.
      for (const name of ["cache2", "cache3", "cache4", "cache0"]) userFile(name);
      expect(outer.isOpen).toBe(true);
      insertRows(outer, [newRow({ id: 2, channel: "general", sender: "x", content: "inside", ts: 2 })]);
    });
    expect(openHandleCount()).toBe(3);

    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const names = ["cache0", "cache1", "cache2"];
    const pins = names.map((name) => userFile(name).pinned(() => gate));
    userFile("cache3"); // every open file is busy: one more is opened beyond the bound
    expect(openHandleCount()).toBe(4);
    expect(names.every((name) => userFile(name).isOpen)).toBe(true);
    release();
    await Promise.all(pins);
    expect(openHandleCount()).toBe(3); // the surplus went as soon as the operations ended
    expect(rowById(userFile("cache1"), 2)?.content).toBe("inside");
  });
});

describe("the write-ahead log", () => {
  it("stays well under a megabyte while a file takes thousands of writes, and is gone once the file is closed", () => {
    const target = file("wal.db");
    const handle = openMessageFile(target, true);
    const text = "a line of chat that is long enough to fill pages quickly ".repeat(16);
    let largest = 0;
    for (let id = 1; id <= 3000; id++) {
      insertRows(handle, [newRow({ id, channel: "general", sender: "x", content: `${id} ${text}`, ts: id })]);
      if (id % 100 === 0) largest = Math.max(largest, fs.statSync(target + "-wal").size);
    }
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThan(1024 * 1024);
    handle.close();
    expect(fs.existsSync(target + "-wal")).toBe(false);
    const reopened = openMessageFile(target, false);
    expect(reopened.stmt("SELECT count(*) AS n FROM messages").get()).toEqual({ n: 3000 });
    reopened.close();
  });
});
