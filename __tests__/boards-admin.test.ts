// The boards' admin role: the first account gets it, even when two sign up at the same moment, and a
// database from before the boards gives it to its earliest account.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { signup } from "@/lib/auth/accounts";
import { db } from "@/lib/db/client";
import { PASSWORD } from "./helpers/http";

it("of two accounts created at once on an empty site, exactly the earlier one is admin", async () => {
  expect(await db().user.count()).toBe(0);
  await Promise.all(["first", "second", "third"].map((username) => signup({ username, password: PASSWORD, confirm: PASSWORD })));
  const users = await db().user.findMany({ orderBy: [{ createdAt: "asc" }], select: { username: true, isAdmin: true } });
  expect(users.filter((u) => u.isAdmin)).toEqual([users[0]]);
  await signup({ username: "later", password: PASSWORD, confirm: PASSWORD });
  expect(await db().user.count({ where: { isAdmin: true } })).toBe(1);
});

it("the boards migration makes an existing database's earliest account its admin", () => {
  const dir = path.join(process.cwd(), "prisma", "migrations");
  const names = fs.readdirSync(dir).filter((n) => /^[0-9]{14}_/.test(n)).sort();
  const boards = names.indexOf("20261203130000_boards");
  expect(boards).toBeGreaterThan(0);
  const sqlite = new Database(":memory:");
  try {
    for (const name of names.slice(0, boards)) sqlite.exec(fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
    const insert = sqlite.prepare(`INSERT INTO "User" ("username", "usernameKey", "accountId", "passwordHash", "createdAt") VALUES (?, ?, ?, 'x', ?)`);
    insert.run("zed", "zed", "a1", 200);
    insert.run("Old", "old", "a2", 100);
    insert.run("mid", "mid", "a3", 150);
    sqlite.exec(fs.readFileSync(path.join(dir, names[boards]!, "migration.sql"), "utf8"));
    expect(sqlite.prepare(`SELECT "username", "isAdmin" FROM "User" ORDER BY "createdAt"`).all()).toEqual([
      { username: "Old", isAdmin: 1 },
      { username: "mid", isAdmin: 0 },
      { username: "zed", isAdmin: 0 },
    ]);
  } finally {
    sqlite.close();
  }
});
