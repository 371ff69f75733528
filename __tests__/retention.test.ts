import fs from "node:fs";
import path from "node:path";
import { deliverNow, allocateIds } from "@/lib/messages/sqlite/delivery";
import { newRow, rowsInChannel } from "@/lib/messages/sqlite/rows";
import { archiveFile, userFile } from "@/lib/messages/sqlite/store";
import { db } from "@/lib/db/client";
import { runRetention } from "@/lib/retention";
import { sendOk } from "./helpers/chat";
import { newUser } from "./helpers/http";
import { useSettings } from "./helpers/settings";

const DAY = 86400;

function touch(name: string, ageDays: number, dir = process.env.UPLOAD_DIR!) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, "x");
  const when = new Date(Date.now() - ageDays * DAY * 1000);
  fs.utimesSync(file, when, when);
  return file;
}

it("removes uploads and messages past their retention, and nothing younger", async () => {
  useSettings({ image_retention_days: 10, file_retention_days: 20, message_retention_days: 30 });
  await newUser("alice");
  const hex = "a".repeat(32);
  const oldImage = touch(`${hex}.png`, 11);
  const youngImage = touch(`${"b".repeat(32)}.png`, 9);
  const fileAsOldAsImage = touch(`${"c".repeat(32)}_notes.txt`, 11);
  const oldFile = touch(`${"d".repeat(32)}_old.txt`, 21);
  const avatar = touch(`${"e".repeat(32)}.jpg`, 400, path.join(process.env.UPLOAD_DIR!, "avatars"));
  const partial = touch("0b9c4a8e-partial", 2, path.join(process.env.UPLOAD_DIR!, ".incoming"));

  const now = Date.now() / 1000;
  const first = await allocateIds(2);
  await deliverNow("general", { kind: "public", channel: "general" }, [
    {
      op: "insert",
      rows: [
        newRow({ id: first, channel: "general", sender: "alice", content: "ancient", ts: now - 31 * DAY }),
        newRow({ id: first + 1, channel: "general", sender: "alice", content: "recent", ts: now - 29 * DAY }),
      ],
    },
  ]);

  const report = await runRetention();
  expect(report.files).toBe(3);
  expect(fs.existsSync(oldImage)).toBe(false);
  expect(fs.existsSync(oldFile)).toBe(false);
  expect(fs.existsSync(partial)).toBe(false);
  expect(fs.existsSync(youngImage)).toBe(true);
  expect(fs.existsSync(fileAsOldAsImage)).toBe(true);
  expect(fs.existsSync(avatar)).toBe(true);
  for (const file of [userFile("alice"), archiveFile("general")]) {
    const contents = rowsInChannel(file, "general").map((r) => r.content);
    expect(contents).toContain("recent");
    expect(contents).not.toContain("ancient");
  }
  expect(report.messages).toBe(2); // alice's copy and the archive's
  expect(await runRetention()).toEqual({ files: 0, messages: 0 });
});

it("forgets the threads whose root it removed: their younger replies stay, and a reply to one starts a thread of its own", async () => {
  useSettings({ message_retention_days: 30 });
  const carol = await newUser("carol");
  const now = Date.now() / 1000;
  const root = await allocateIds(3);
  const [oldReply, youngReply] = [root + 1, root + 2];
  const rows = [
    newRow({ id: root, channel: "general", sender: "carol", content: "an old question", ts: now - 40 * DAY }),
    newRow({ id: oldReply, channel: "general", sender: "carol", content: "an old answer", ts: now - 35 * DAY, reply_to_id: root }),
    newRow({ id: youngReply, channel: "general", sender: "carol", content: "a late answer", ts: now - 29 * DAY, reply_to_id: root }),
  ];
  await deliverNow("general", { kind: "public", channel: "general" }, [{ op: "insert", rows }]);
  // The thread as the server keeps it, and carol following it.
  await db().threadMessage.createMany({
    data: rows.map((row) => ({
      messageId: row.id,
      rootId: root,
      unitId: row.id,
      channel: "general",
      sender: "carol",
      ts: row.ts,
      ...(row.id === root ? { replyCount: 2, lastReplyTs: now - 29 * DAY, participants: '["carol"]' } : {}),
    })),
  });
  await db().threadFollow.create({ data: { rootId: root, username: "carol", updatedAt: now } });
  // A young thread, which retention leaves alone.
  const fresh = await sendOk(carol, "general", "a fresh question");
  await sendOk(carol, "general", "a fresh answer", { reply_to_id: String(fresh) });

  await runRetention();
  expect(await db().threadMessage.count({ where: { rootId: root } })).toBe(0);
  expect(await db().threadFollow.count({ where: { rootId: root } })).toBe(0);
  expect(await db().threadMessage.findUnique({ where: { messageId: fresh }, select: { replyCount: true } })).toEqual({ replyCount: 1 });
  // The late answer is still in the channel; answering it starts a thread rooted at it.
  expect(rowsInChannel(userFile("carol"), "general").map((r) => r.content)).toContain("a late answer");
  const answer = await sendOk(carol, "general", "answering the late answer", { reply_to_id: String(youngReply) });
  expect(await db().threadMessage.findUnique({ where: { messageId: answer }, select: { rootId: true } })).toEqual({ rootId: youngReply });
  expect(await db().threadMessage.findUnique({ where: { messageId: youngReply }, select: { replyCount: true } })).toEqual({ replyCount: 1 });
});
