import fs from "node:fs";
import path from "node:path";
import { deliverNow, allocateIds } from "@/lib/messages/sqlite/delivery";
import { newRow, rowsInChannel } from "@/lib/messages/sqlite/rows";
import { archiveFile, userFile } from "@/lib/messages/sqlite/store";
import { runRetention } from "@/lib/retention";
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
