// `npm run migrate-data -- --to postgres` (issue 14): an install made through the route handlers on the
// SQLite configuration is copied into a fresh PostgreSQL database (its own, dropped afterwards) and an
// s3rver bucket by the real command, then read back through the app's own ports on PostgreSQL (the
// PostgreSQL message store, the PostgreSQL Prisma client, the S3 blob store) and compared with what the
// SQLite configuration answers. A second run must change nothing.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import sharp from "sharp";
import { POST as avatarPost } from "@/app/(chat)/avatar/route";
import { POST as closeDmRoute } from "@/app/(chat)/dms/close/route";
import { POST as createPrivateRoute } from "@/app/(chat)/private_channels/create/route";
import { POST as createChannelRoute } from "@/app/(chat)/channels/create/route";
import { POST as joinChannelRoute } from "@/app/(chat)/channels/[channel]/join/route";
import { POST as leaveChannelRoute } from "@/app/(chat)/channels/[channel]/leave/route";
import { POST as settingsRoute } from "@/app/(chat)/settings/route";
import { POST as sendRoute } from "@/app/(chat)/send/[channel]/route";
import { db, disconnectDb } from "@/lib/db/client";
import { PrismaClient as PgPrismaClient } from "@/lib/generated/prisma-pg/client";
import { messageStore, type MessageStore } from "@/lib/messages";
import { PostgresMessageStore } from "@/lib/messages/postgres";
import { channelOfArchiveFile, ownerOfUserFile } from "@/lib/messages/postgres/import";
import { channelFileName, closeAllMessageFiles, userFileName } from "@/lib/messages/sqlite/store";
import { S3BlobStore } from "@/lib/uploads/s3";
import { FsBlobStore } from "@/lib/uploads/storage";
import { makeReply, makeThread, multipart, NO_COOLDOWNS, reply } from "./helpers/boards";
import { del, edit, markRead, react, sendOk } from "./helpers/chat";
import { BASE, call, newUser } from "./helpers/http";
import { startS3Server, type TestS3Server } from "./helpers/s3-server.mjs";
import { answerCalls, type RouteCall } from "./helpers/route-calls";
import { useSettings } from "./helpers/settings";

jest.setTimeout(120_000);

const ADMIN_URL = process.env.MINIMOST_TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const dbName = `mm_migrate_${crypto.randomBytes(5).toString("hex")}`;
const url = (() => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
const root = path.resolve(__dirname, "..");

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** Runs the real command (`npm run migrate-data`'s line) with this environment on top of the test's. */
function migrateData(args: string[], env: Record<string, string | undefined>, input?: string): Promise<Run> {
  return tsx(["scripts/migrate-data.ts", ...args], env, input);
}

/** Runs a TypeScript file as npm's scripts do (tsx, react-server conditions), stdin given. */
function tsx(args: string[], env: Record<string, string | undefined>, input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "--conditions=react-server", ...args], {
      cwd: root,
      // The SDK's notice about Node 22 (the project pins an SDK that runs on 20) would be the only stderr.
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...env },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out, err }));
    child.stdin.end(input ?? "");
  });
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>, connectionString = ADMIN_URL): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Every table of the destination as one digest each: what "changes nothing" is checked against. */
const digests = () =>
  admin(async (client) => {
    const { rows } = await client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    );
    const out: Record<string, string> = {};
    for (const { name } of rows) {
      const { rows: d } = await client.query<{ d: string | null; n: string }>(
        `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS d, count(*)::text AS n FROM "${name}" t`,
      );
      out[name] = `${d[0]!.n}:${d[0]!.d}`;
    }
    const seqs = await client.query<{ name: string; v: string }>("SELECT sequencename AS name, last_value::text AS v FROM pg_sequences WHERE schemaname = 'public'");
    for (const s of seqs.rows) out[`sequence ${s.name}`] = s.v;
    return out;
  }, url);

const sha = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** The source's database files (not their -wal/-shm): the command must leave them byte for byte. */
function sourceFiles(): Record<string, string> {
  const dataDir = process.env.DATA_DIR!;
  const files = ["shared.db", ...["users", "channels"].flatMap((d) => fs.readdirSync(path.join(dataDir, d)).filter((n) => n.endsWith(".db")).map((n) => `${d}/${n}`))];
  return Object.fromEntries(files.map((f) => [f, sha(path.join(dataDir, f))]));
}

async function bytes(stream: NodeJS.ReadableStream | null): Promise<Buffer | null> {
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

let s3: TestS3Server;
const s3Env = () => ({
  S3_BUCKET: s3.bucket,
  S3_ENDPOINT: s3.endpoint,
  S3_ACCESS_KEY_ID: s3.accessKeyId,
  S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
  S3_PREFIX: "migrated/",
});

beforeAll(async () => {
  await admin((client) => client.query(`CREATE DATABASE ${dbName}`));
  s3 = await startS3Server();
});

afterAll(async () => {
  await s3?.close();
  await admin((client) => client.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
});

describe("npm run migrate-data -- --to postgres", () => {
  const USERS = ["alice", "Bob", "carol"];
  const channels = ["general", "software", "off-topic"];
  let cookies: Record<string, string>;
  let privateChannel: string;
  let pgStore: PostgresMessageStore;
  let pgDb: InstanceType<typeof PgPrismaClient>;
  let first: Run;

  beforeAll(async () => {
    useSettings({ ...NO_COOLDOWNS, boards: { ...NO_COOLDOWNS.boards, boards: ["tech"] } });
    cookies = {};
    for (const user of USERS) cookies[user] = await newUser(user);
    const [alice, bob, carol] = USERS.map((u) => cookies[u]!);

    // Public messages, an edit, a deletion, a reply, reactions, mentions and read receipts.
    const hello = await sendOk(alice!, "general", "hello @Bob and everyone");
    const typo = await sendOk(bob!, "general", "helo");
    await sendOk(bob!, "general", "reply to alice", { reply_to_id: String(hello) });
    expect((await edit(bob!, typo, "hello (fixed)")).status).toBe(200);
    const oops = await sendOk(carol!, "software", "oops, wrong channel");
    expect((await del(carol!, oops)).status).toBe(200);
    expect((await react(bob!, hello, "thumbsup")).status).toBe(200);
    expect((await react(carol!, hello, "heart")).status).toBe(200);
    expect((await markRead(bob!, "general")).status).toBe(204);

    // A private channel, DMs, and a DM alice hides.
    const created = await call(createPrivateRoute, "/private_channels/create", { cookie: alice, json: { name: "Project X", members: ["Bob"] } });
    expect(created.status).toBe(200);
    privateChannel = ((await created.json()) as { channel: string }).channel;
    await sendOk(bob!, privateChannel, "secret plan");
    await sendOk(alice!, "dm:alice:Bob", "psst bob");
    await sendOk(carol!, "dm:alice:carol", "hi alice");
    const closed = await call(closeDmRoute, "/dms/close", { cookie: alice, json: { channel: "dm:alice:carol" } });
    expect(closed.status).toBe(200);

    // A public channel made at runtime (issue 16): bob joins it, carol leaves general, and a message in it.
    const design = await call(createChannelRoute, "/channels/create", { cookie: alice, method: "POST", json: { name: "design", purpose: "Pixels" } });
    expect(design.status).toBe(200);
    expect((await call(joinChannelRoute, "/channels/design/join", { cookie: bob, method: "POST" }, { channel: "design" })).status).toBe(200);
    expect((await call(leaveChannelRoute, "/channels/general/leave", { cookie: carol, method: "POST" }, { channel: "general" })).status).toBe(200);
    await sendOk(alice!, "design", "first design note");

    // An upload and an avatar.
    const form = new FormData();
    form.set("text", "the notes");
    form.append("files", new Blob(["line one\nline two\n"]), "notes.txt");
    const sent = await sendRoute(new Request(`${BASE}/send/software`, { method: "POST", body: form, headers: { cookie: alice! } }), { params: Promise.resolve({ channel: "software" }) });
    expect(sent.status).toBe(200);
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#336699" } }).png().toBuffer();
    const avatarForm = new FormData();
    avatarForm.set("avatar", new Blob([new Uint8Array(png)]), "me.png");
    const avatar = await avatarPost(new Request(`${BASE}/avatar`, { method: "POST", body: avatarForm, headers: { cookie: bob! } }), { params: Promise.resolve({}) });
    expect(avatar.status).toBe(200);

    // BaK rules typed in the composer, a board thread and reply, and a profile setting.
    const bak = await call(sendRoute, "/send/general", { cookie: carol, form: { text: "/bak add author Badboy" } }, { channel: "general" });
    expect(bak.status).toBe(200);
    const thread = await makeThread(alice!, "tech", "First thread", "opening post");
    await makeReply(bob!, "tech", thread.id, "a reply");
    const withImage = await reply("tech", thread.id, { cookie: carol, asJson: true, body: multipart({ content: "a picture" }, [["image", "Photo.PNG", png]]) });
    expect(withImage.status).toBe(201);
    const settings = await call(settingsRoute, "/settings", { cookie: carol, json: { name_color: "#aa3300", bio: "likes trains" } });
    expect(settings.status).toBe(200);

    // Every copy written, every file closed (and its WAL folded in): the source as a stopped app leaves it.
    await messageStore().settled();
    closeAllMessageFiles();
    await disconnectDb();
  });

  afterAll(async () => {
    await pgStore?.close();
    await pgDb?.$disconnect();
  });

  it("copies everything, verifies the counts and leaves the source as it was", async () => {
    const before = sourceFiles();
    first = await migrateData(["--to", "postgres"], { DATABASE_URL: url, ...s3Env() });
    expect(first.err).toBe("");
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/users 3\/3/);
    expect(first.out).toMatch(/^table User +3 +3 +ok$/m);
    expect(first.out).toMatch(/^table PublicChannel +1 +1 +ok$/m);
    expect(first.out).toMatch(/^table PublicChannelMember +3 +3 +ok$/m);
    // The attachment, the avatar, and the board image with its thumbnail.
    expect(first.out).toMatch(/^blobs \(uploads, avatars, boards\) +4 +4 +ok$/m);
    expect(first.out).toContain("Verified: every count matches.");
    expect(first.out).not.toContain("Nothing changed");
    // Everything counted as added: each row and view of the table's source column, plus the sequences
    // moved past the copied ids and the message-id counter (at least one, at most one per table more).
    const sources = [...first.out.matchAll(/^(table \S+|message views|message copies \(all views\)|hidden DMs|archive messages \(\d+ channels\)|blobs \(uploads, avatars, boards\)) +(\d+) +\d+ +ok/gm)];
    const expected = sources.reduce((sum, m) => sum + Number(m[2]), 0);
    const added = Number(/^(\d+) rows, views, marks and blobs added/m.exec(first.out)?.[1]);
    expect(added - expected).toBeGreaterThanOrEqual(1);
    expect(added - expected).toBeLessThanOrEqual(sources.length);
    expect(sourceFiles()).toEqual(before);

    pgStore = new PostgresMessageStore({ connectionString: url, max: 2 });
    pgDb = new PgPrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 2 }) });
  });

  it("gives every user the same view on PostgreSQL: rows, read flags, unread and mention counts, DMs (hidden ones too), search", async () => {
    const sqlite: MessageStore = messageStore();
    const dms = ["dm:alice:Bob", "dm:alice:carol"];
    let compared = 0;
    for (const user of USERS) {
      for (const channel of [...channels, privateChannel, ...dms]) {
        const rows = await sqlite.changesAfter(user, channel, 0);
        expect(await pgStore.changesAfter(user, channel, 0)).toEqual(rows);
        compared += rows.length;
      }
      expect(await pgStore.unreadCounts(user, [...channels, privateChannel])).toEqual(await sqlite.unreadCounts(user, [...channels, privateChannel]));
      expect(await pgStore.mentionCounts(user, channels)).toEqual(await sqlite.mentionCounts(user, channels));
      expect(await pgStore.dmUnreadTotal(user)).toBe(await sqlite.dmUnreadTotal(user));
      expect(await pgStore.dmSummaries(user)).toEqual(await sqlite.dmSummaries(user));
      const filters = { q: "hello", visible: [...channels, privateChannel], limit: 50 };
      expect(await pgStore.search(user, filters)).toEqual(await sqlite.search(user, filters));
    }
    expect(compared).toBeGreaterThan(20);
    // What a user would notice: bob read general, the edit, the tombstone, the reply, alice's hidden DM.
    const bobGeneral = await pgStore.changesAfter("Bob", "general", 0);
    expect(bobGeneral.filter((r) => r.sender !== "Bob").every((r) => r.read === 1)).toBe(true);
    expect(bobGeneral.map((r) => r.content)).toEqual(expect.arrayContaining(["hello (fixed)", "reply to alice"]));
    expect(bobGeneral.find((r) => r.content === "reply to alice")!.reply_to_id).toBe(bobGeneral.find((r) => r.content === "hello @Bob and everyone")!.id);
    expect((await pgStore.changesAfter("carol", "software", 0)).find((r) => r.deleted === 1)).toBeDefined();
    expect((await pgStore.dmSummaries("alice")).map((d) => d.channel)).toEqual(["dm:alice:Bob"]);
    expect(await pgStore.changesAfter("carol", privateChannel, 0)).toEqual([]);
  });

  it("answers every user's route calls on PostgreSQL + S3 as the SQLite install does: messages, receipts, DMs, unreads, search, settings, files, avatars", async () => {
    const enc = encodeURIComponent;
    const calls: RouteCall[] = [];
    const attachment = fs.readdirSync(process.env.UPLOAD_DIR!).find((n) => n.endsWith("_notes.txt"))!;
    for (const user of USERS) {
      for (const channel of [...channels, privateChannel, "dm:alice:Bob", "dm:alice:carol"]) {
        calls.push({ route: "messages", user, path: `/messages/${enc(channel)}?after=0`, params: { channel } });
        calls.push({ route: "read_receipts", user, path: `/read_receipts/${enc(channel)}`, params: { channel } });
      }
      calls.push(
        { route: "dms", user, path: "/dms" },
        { route: "channel_unreads", user, path: "/channel_unreads" },
        { route: "private_channels", user, path: "/private_channels" },
        { route: "settings", user, path: "/settings" },
        { route: "search_messages", user, path: "/search_messages?q=hello" },
        { route: "files", user, path: `/files/${attachment}`, params: { name: attachment } },
        { route: "avatar", user, path: "/avatar/Bob", params: { username: "Bob" } },
      );
    }
    const here = await answerCalls(calls);
    const child = await tsx(["__tests__/helpers/route-calls.ts"], { DATABASE_URL: url, ...s3Env() }, JSON.stringify(calls));
    expect(child.err).toBe("");
    expect(child.code).toBe(0);
    const { engines, answers: there } = JSON.parse(child.out) as { engines: unknown; answers: typeof here };
    expect(engines).toEqual({ database: "postgres", uploads: "s3" });
    for (const [i, call] of calls.entries()) expect({ call, answer: there[i] }).toEqual({ call, answer: here[i] });
    // The comparison is about content: most calls succeed, and the refusals are the ones there should be.
    const refused = calls.filter((_, i) => here[i]!.status !== 200).map((c) => `${c.user} ${c.path}`);
    expect(refused.sort()).toEqual([
      `Bob /messages/dm%3Aalice%3Acarol?after=0`, `Bob /read_receipts/dm%3Aalice%3Acarol`,
      `carol /messages/${enc(privateChannel)}?after=0`, `carol /messages/dm%3Aalice%3ABob?after=0`,
      `carol /read_receipts/${enc(privateChannel)}`, `carol /read_receipts/dm%3Aalice%3ABob`,
    ].sort());
  });

  it("copies the archives and moves the id counter past every message", async () => {
    const sqlite = messageStore();
    for (const channel of channels) expect(await pgStore.archiveNewest(channel, 1000)).toEqual(await sqlite.archiveNewest(channel, 1000));
    const newest = Math.max(...(await sqlite.archiveNewest("general", 1000)).map((r) => r.id), ...(await sqlite.changesAfter("alice", "dm:alice:carol", 0)).map((r) => r.id));
    expect(await pgStore.allocateIds(1)).toBeGreaterThan(newest);
  });

  it("copies every table of the shared database: accounts, receipts, reactions, settings, BaK, boards, private channels", async () => {
    const sqliteDb = db();
    const models = [
      "user", "userSettings", "readReceipt", "reaction", "privateChannel", "privateChannelMember", "tribuneFilter",
      "boardThread", "boardPost", "boardStats", "presence", "sequence",
    ] as const;
    for (const model of models) {
      const read = (client: unknown) => (client as Record<string, { findMany(): Promise<object[]> }>)[model]!.findMany();
      const key = (row: object) => JSON.stringify(row);
      const [from, to] = [await read(sqliteDb), await read(pgDb)];
      expect({ model, rows: to.map(key).sort() }).toEqual({ model, rows: from.map(key).sort() });
    }
    expect(await pgDb.readReceipt.count()).toBeGreaterThan(0);
    expect(await pgDb.reaction.count()).toBe(2);
    expect(await pgDb.userSettings.findUnique({ where: { username: "carol" } })).toMatchObject({ nameColor: "#aa3300", bio: "likes trains" });
    expect(JSON.parse((await pgDb.tribuneFilter.findUnique({ where: { username: "carol" } }))!.rules)).toEqual([
      { target: "author__username", kind: "exact", pattern: "Badboy" },
    ]);
    expect(await pgDb.user.findUnique({ where: { username: "alice" }, select: { isAdmin: true } })).toEqual({ isAdmin: true });
    // A new row gets an id past the copied ones (the serial sequences were moved).
    const thread = await pgDb.boardThread.create({ data: { board: "tech", title: "after", created: 1, bumped: 1 } });
    expect(thread.id).toBeGreaterThan(Math.max(...(await sqliteDb.boardThread.findMany()).map((t) => t.id)));
    await pgDb.boardThread.delete({ where: { id: thread.id } });
  });

  it("copies uploads and avatars into the bucket, byte for byte", async () => {
    const source = new FsBlobStore(() => process.env.UPLOAD_DIR!);
    const bucket = new S3BlobStore({ bucket: s3.bucket, endpoint: s3.endpoint, region: "us-east-1", credentials: s3, forcePathStyle: true, prefix: "migrated/" });
    const keys: string[] = [];
    for (const folder of ["", "avatars", "boards"]) for await (const blob of source.list(folder)) keys.push(blob.key);
    expect(keys.filter((k) => k.startsWith("avatars/"))).toHaveLength(1);
    expect(keys.filter((k) => k.startsWith("boards/"))).toHaveLength(2);
    expect(keys.filter((k) => k.endsWith("_notes.txt"))).toHaveLength(1);
    for (const key of keys) expect(await bytes(await bucket.get(key))).toEqual(await bytes(await source.get(key)));
  });

  it("changes nothing the second time, and says so", async () => {
    const before = await digests();
    const second = await migrateData(["--to", "postgres"], { DATABASE_URL: url, ...s3Env() });
    expect(second.err).toBe("");
    expect(second.code).toBe(0);
    expect(second.out).toContain("Nothing changed: the destination already held everything in the source.");
    expect(second.out).toContain("Verified: every count matches.");
    expect(await digests()).toEqual(before);
  });

  it("without S3_BUCKET, leaves the uploads where they are and says so; says what else the new instances need", async () => {
    const before = await digests();
    // An install that made its own session key (no AUTH_SECRET): the key itself is never printed.
    const secretFile = path.join(process.env.DATA_DIR!, "secret.key");
    const secret = crypto.randomBytes(32).toString("hex");
    fs.writeFileSync(secretFile, secret + "\n");
    let run: Run;
    try {
      run = await migrateData(["--to", "postgres"], { DATABASE_URL: url, AUTH_SECRET: "" });
    } finally {
      fs.rmSync(secretFile);
    }
    expect(run.code).toBe(0);
    expect(run.out).toContain(`Uploads were not moved (S3_BUCKET is not set): keep ${process.env.UPLOAD_DIR} as UPLOAD_DIR.`);
    expect(run.out).toContain(`Sessions were signed with ${secretFile}: set AUTH_SECRET to its contents on every instance`);
    expect(run.out).toContain("settings.json is not in the database");
    expect(run.out + run.err).not.toContain(secret);
    expect(run.out).toContain("Nothing changed");
    expect(await digests()).toEqual(before);
  });

  it("exits non-zero and names the view when the destination does not match the source", async () => {
    const extra = { owner: "alice", id: 999_999 };
    await admin(
      (client) =>
        client.query(
          `INSERT INTO message_copies (owner, id, channel, sender, ts, unit_id, updated_ts) VALUES ($1, $2, 'general', 'alice', 1, $2, 1)`,
          [extra.owner, extra.id],
        ),
      url,
    );
    try {
      const run = await migrateData(["--to", "postgres"], { DATABASE_URL: url, ...s3Env() });
      expect(run.code).toBe(1);
      expect(run.out).toMatch(/^message copies \(all views\) +\d+ +\d+ +MISMATCH +\(differ: alice\)$/m);
      expect(run.out).toContain("MISMATCH: see the rows above; the destination is incomplete.");
    } finally {
      await admin((client) => client.query("DELETE FROM message_copies WHERE owner = $1 AND id = $2", [extra.owner, extra.id]), url);
    }
  });

  it("refuses a source whose fan-out journal still owes copies, writing nothing", async () => {
    const before = await digests();
    const entry = await db().fanoutJournal.create({
      data: { kind: "public", channel: "general", messageId: null, payload: JSON.stringify({ audience: { kind: "public", channel: "general" }, ops: [], readBy: [] }), recipients: "public", createdAt: 1 },
    });
    try {
      const run = await migrateData(["--to", "postgres"], { DATABASE_URL: url, ...s3Env() });
      expect(run.code).toBe(1);
      expect(run.err).toContain("Refused: the source has 1 unfinished deliveries in its fan-out journal: start the app on it once");
      expect(await digests()).toEqual(before);
    } finally {
      await db().fanoutJournal.delete({ where: { id: entry.id } });
    }
  });

  it("refuses a source whose shared database is from an older release, writing nothing", async () => {
    const before = await digests();
    const last = await db().$queryRawUnsafe<{ id: string; migration_name: string }[]>("SELECT id, migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1");
    await db().$executeRawUnsafe("UPDATE _prisma_migrations SET rolled_back_at = finished_at WHERE id = ?", last[0]!.id);
    try {
      const run = await migrateData(["--to", "postgres"], { DATABASE_URL: url, ...s3Env() });
      expect(run.code).toBe(1);
      expect(run.err).toMatch(/Refused: .*shared\.db lacks this release's migrations \((\d+_\w+)\): start this release of the app on it once/);
      expect(run.err).toContain(`(${last[0]!.migration_name})`);
      expect(await digests()).toEqual(before);
    } finally {
      await db().$executeRawUnsafe("UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE id = ?", last[0]!.id);
    }
  });
});

describe("npm run migrate-data refuses", () => {
  it.each<[string, string[], Record<string, string | undefined>, RegExp]>([
    ["without --to", [], { DATABASE_URL: url }, /--to is missing/],
    ["an unknown destination", ["--to", "mysql"], { DATABASE_URL: url }, /--to "mysql" is not a destination this release knows/],
    ["an unknown option", ["--to", "postgres", "--force"], { DATABASE_URL: url }, /Unknown option '--force'/],
    ["without a PostgreSQL DATABASE_URL", ["--to", "postgres"], { DATABASE_URL: undefined }, /DATABASE_URL must name the PostgreSQL database/],
    ["a malformed DATABASE_URL", ["--to", "postgres"], { DATABASE_URL: "mysql://x" }, /Refused: DATABASE_URL must be a postgres:\/\/ URL/],
  ])("%s", async (_what, args, env, message) => {
    const run = await migrateData(args, env);
    expect(run.code).not.toBe(0);
    expect(run.err).toMatch(message);
    expect(run.out).toBe("");
  });

  it("a data folder without shared.db, writing nothing", async () => {
    const empty = fs.mkdtempSync(path.join(process.env.MINIMOST_TEST_ROOT!, "empty-"));
    const scratch = `mm_migrate_${crypto.randomBytes(5).toString("hex")}`;
    await admin((client) => client.query(`CREATE DATABASE ${scratch}`));
    try {
      const target = new URL(ADMIN_URL);
      target.pathname = `/${scratch}`;
      const run = await migrateData(["--to", "postgres"], { DATABASE_URL: target.toString(), DATA_DIR: empty });
      expect(run.code).toBe(1);
      expect(run.err).toContain(`Refused: ${empty} has no shared.db`);
      const tables = await admin((client) => client.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'"), target.toString());
      expect(tables.rows[0]).toEqual({ n: 0 });
    } finally {
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`));
    }
  });
});

describe("message file names", () => {
  it("give back the channel and owner the store named them after", () => {
    for (const channel of ["general", "off-topic", "Random", "café ☕", "a_b", "x.y/z", "_2f"]) expect(channelOfArchiveFile(channelFileName(channel))).toBe(channel);
    for (const user of ["alice", "Bob", "x_y-z9"]) expect(ownerOfUserFile(userFileName(user))).toBe(user.toLowerCase());
    for (const stray of ["notes.txt", "General.db", "a b.db", "_zz.db", ".db"]) expect(channelOfArchiveFile(stray)).toBeNull();
    for (const stray of ["Alice.db", "a.b.db", "x.db-wal"]) expect(ownerOfUserFile(stray)).toBeNull();
  });
});
