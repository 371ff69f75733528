// Every route handler under app/ (found by walking the folder, so a new route is fuzzed without an edit
// here) gets a battery of malformed requests, anonymously and as a signed-in user. None may answer a
// 5xx, every answer carries the security headers, and nothing in the stores changes: the shared DB's
// tables, every message file's rows and the upload folder are the same before and after.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { NextRequest } from "next/server";
import pg from "pg";
import sharp from "sharp";
import { POST as avatarPost } from "@/app/(chat)/avatar/route";
import { POST as deleteRoute } from "@/app/(chat)/delete/[id]/route";
import { POST as createPrivate } from "@/app/(chat)/private_channels/create/route";
import { POST as sendRoute } from "@/app/(chat)/send/[channel]/route";
import { appPaths, type AppPath } from "@/lib/http/app-paths";
import { messageStore } from "@/lib/messages";
import { BASE, call, newUser } from "./helpers/http";
import { inRequestScope } from "./helpers/next-scope";
import { sendOk } from "./helpers/chat";
import { everythingStored, storedNames } from "./helpers/blobs";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type ParamValue = string | string[];

const ROUTES = appPaths(path.join(__dirname, "..", "app")).filter((p) => p.kind === "route");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/**
 * Requests that act on their path alone: whatever body or query they carry, a signed-in request to a
 * real target is well-formed and does what it says (marks read, leaves, deletes, signs out). These get
 * only the malformed-path and anonymous parts of the battery.
 */
const ACTIONS_WITHOUT_INPUT = new Set([
  "POST /mark_read/:channel",
  "POST /private_channels/:id/leave",
  "POST /delete/:id",
  "POST /typing/:channel",
  "POST /pin/:id",
  "POST /unpin/:id",
  "POST /save/:id",
  "POST /unsave/:id",
  "POST /mark_unread/:id",
  "POST /thread/:id/follow",
  "POST /thread/:id/unfollow",
  "POST /thread/:id/read",
  "POST /channels/:channel/join",
  "POST /channels/:channel/leave",
  "DELETE /avatar",
  "GET /logout",
  "POST /logout",
]);

const FIVE_MB = "x".repeat(5 * 1024 * 1024);

/** Path parameter values no route may accept: bad %-encoding, traversal, controls, huge and negative numbers. */
const MALFORMED_PARAMS = [
  "%E0%A4%A", "%", "%ZZ", "%C0%AF", "..", "../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "..\\..\\windows", "/etc/passwd", "\u0000",
  "general\u0000", "\u202egeneral", "a\u0007b", "-1", "0", "99999999999999999999", "1e309", "NaN", "Infinity", "0x10", " 1", "1.5",
  "private:-1", "private:99999999999999999999", "private:1e3", "dm:", "dm:alice", "dm:alice:nobody", "x".repeat(5000), "",
];

/** Every body field name a route reads, each given a value of the wrong kind. */
const FIELDS = [
  "text", "reply_to_id", "name", "members", "username", "password", "confirm", "confirm_password", "current_password", "new_password",
  "reaction", "channel", "state", "override", "bio", "name_color", "url",
];
const allFields = (value: unknown) => Object.fromEntries(FIELDS.map((f) => [f, value]));

interface BodyCase {
  label: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

const json = (label: string, body: string): BodyCase => ({ label, headers: { "content-type": "application/json" }, body });
const form = (label: string, body: string): BodyCase => ({ label, headers: { "content-type": "application/x-www-form-urlencoded" }, body });
const boundary = "----fuzzboundary";
const multipart = (label: string, body: string, type = `multipart/form-data; boundary=${boundary}`): BodyCase => ({ label, headers: { "content-type": type }, body });

const BODIES: BodyCase[] = [
  { label: "no body" },
  json("broken JSON", "{\"text\": "),
  json("JSON null", "null"),
  json("JSON array", "[\"general\"]"),
  json("JSON string", "\"text\""),
  json("JSON number", "1e309"),
  json("arrays for strings", JSON.stringify(allFields(["general"]))),
  json("objects for strings", JSON.stringify(allFields({ toString: "x" }))),
  json("numbers for strings", JSON.stringify(allFields(-1))),
  json("huge numbers", JSON.stringify(allFields(1e308)).replace(/1e\+308/g, "1e309")),
  json("NUL in every field", JSON.stringify(allFields("\u0000"))),
  json("bidi override in every field", JSON.stringify(allFields("\u202e"))),
  json("BEL in every field", JSON.stringify(allFields("ok\u0007"))),
  json("negative ids", JSON.stringify({ ...allFields("\u0000"), reply_to_id: "-1", members: ["-1"] })),
  json("5 MB of JSON", JSON.stringify(allFields(FIVE_MB))),
  { label: "invalid UTF-8 JSON", headers: { "content-type": "application/json" }, body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) },
  form("bad %-encoding in a form", FIELDS.map((f) => `${f}=%E0%A4%A`).join("&")),
  form("NUL in a form", FIELDS.map((f) => `${f}=%00`).join("&")),
  form("bidi override in a form", FIELDS.map((f) => `${f}=%E2%80%AE`).join("&")),
  form("5 MB form", `text=${FIVE_MB}&name=${FIVE_MB}`),
  multipart("multipart without a boundary", "--x\r\n\r\n", "multipart/form-data"),
  multipart("truncated multipart", `--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\nhal`),
  multipart("multipart with a NUL field", `--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n\u0000\r\n--${boundary}--\r\n`),
  multipart(
    "multipart with a traversal file name and no content",
    `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="../../x.png"\r\n\r\n\r\n--${boundary}\r\nContent-Disposition: form-data; name="avatar"; filename="../../x.png"\r\n\r\n\r\n--${boundary}--\r\n`,
  ),
  multipart("5 MB of multipart garbage", FIVE_MB),
  { label: "text/plain", headers: { "content-type": "text/plain" }, body: JSON.stringify(allFields("\u0000")) },
  { label: "XML", headers: { "content-type": "application/xml" }, body: "<text>\u0000</text>" },
  { label: "JSON in UTF-16", headers: { "content-type": "application/json; charset=utf-16" }, body: new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]) },
];

/** Query strings no route may act on. */
const QUERIES = [
  "?after=-1&before=-1&limit=-5",
  "?after=1e309&before=NaN&limit=99999999999999999999",
  "?after=%E0%A4%A&limit=%",
  "?after[]=1&after=2&limit=abc",
  "?q=%00&from=%E2%80%AE&channel=..%2F..%2Fetc&start=abc&end=-1",
  `?q=${"x".repeat(100_000)}`,
  "?url=http://127.0.0.1:1/",
  "?url=http://[::127.0.0.1]/",
  "?url=http://[64:ff9b:1::a9fe:a9fe]/",
  "?url=file:///etc/passwd",
  "?url=javascript:alert(1)",
  "?url=%E0%A4%A",
  `?url=http://${"a".repeat(300)}.invalid/`,
];

let alice: string;
/** Real targets, for the body and query parts of the battery. */
const real = { messageId: "", privateId: "", fileName: "" };

beforeAll(async () => {
  alice = await newUser("alice");
  const bob = await newUser("bob");
  await newUser("carol");
  real.messageId = String(await sendOk(alice, "general", "hello everyone"));
  await sendOk(bob, "dm:alice:bob", "hi alice");
  const created = await call(createPrivate, "/private_channels/create", { cookie: alice, json: { name: "secret", members: ["bob"] } });
  real.privateId = String(((await created.json()) as { id: number }).id);
  const files = new FormData();
  files.set("text", "notes");
  files.append("files", new Blob(["line one\n"]), "notes.txt");
  const sent = await sendRoute(new Request(`${BASE}/send/general`, { method: "POST", body: files, headers: { cookie: alice } }), {
    params: Promise.resolve({ channel: "general" }),
  });
  expect(sent.status).toBe(200);
  real.fileName = (await storedNames()).find((n) => n.endsWith("_notes.txt"))!;
  const avatar = new FormData();
  const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#00ff00" } }).png().toBuffer();
  avatar.set("avatar", new Blob([new Uint8Array(png)]), "me.png");
  expect((await avatarPost(new Request(`${BASE}/avatar`, { method: "POST", body: avatar, headers: { cookie: alice } }), { params: Promise.resolve({}) })).status).toBe(200);
  await settled();
});

const settled = () => messageStore().settled();

/** A real value for each parameter of a route, so that only the body or query is malformed. */
function realParams(route: AppPath): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const { name, kind } of route.params) {
    if (kind !== "one") out[name] = name === "nextauth" ? ["callback", "credentials"] : ["x"];
    else if (name === "id") out[name] = route.source.startsWith("/private_channels/") ? real.privateId : real.messageId;
    else if (name === "channel") out[name] = "general";
    else if (name === "name") out[name] = real.fileName;
    else if (name === "username") out[name] = "alice";
    else out[name] = "x";
  }
  return out;
}

function urlFor(route: AppPath, params: Record<string, ParamValue>): string {
  let url = route.source;
  for (const { name, kind } of route.params) {
    const value = params[name];
    const text = Array.isArray(value) ? value.join("/") : (value ?? "");
    // Sent as written: a malformed escape stays malformed, as it would arrive from the wire.
    url = url.replace(`:${name}${kind === "optional" ? "*" : kind === "many" ? "+" : ""}`, text);
  }
  return url;
}

const dataFiles = () => fs.readdirSync(process.env.DATA_DIR!, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".db")).sort();

function uploadListing(): string[] {
  const dir = process.env.UPLOAD_DIR!;
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).sort().map((f) => `${f}:${fs.statSync(path.join(dir, f)).size}`);
}

/** All of a store's content: every table of every SQLite file, and the upload folder's listing. */
function snapshot(): Record<string, unknown> {
  const out: Record<string, unknown> = { dataFiles: dataFiles(), uploads: uploadListing() };
  for (const file of out.dataFiles as string[]) {
    const db = new Database(path.join(process.env.DATA_DIR!, file), { readonly: true, fileMustExist: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
      for (const { name } of tables) out[`${file}:${name}`] = db.prepare(`SELECT * FROM "${name}"`).all().map((r) => JSON.stringify(r)).sort();
    } finally {
      db.close();
    }
  }
  return out;
}

/** What differs between two snapshots, as readable lines: for each table or listing, the rows that went and came. */
function differences(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => {
      const was = (before[k] ?? []) as string[];
      const is = (after[k] ?? []) as string[];
      const gone = was.filter((row) => !is.includes(row));
      const came = is.filter((row) => !was.includes(row));
      return `${k}: -${JSON.stringify(gone)} +${JSON.stringify(came)}`.slice(0, 800);
    });
}

interface Watch {
  changes(): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * The same watch on PostgreSQL (test:scale): one round trip hashes every table of the file's database
 * (shared tables and message store alike); the rows are read only when a hash moved. Uploads are listed
 * through the blob store (S3 there).
 */
class PostgresWatch implements Watch {
  private client: pg.Client | null = null;
  private tables: string[] = [];
  private hashes = "";
  private full: Record<string, unknown> = {};

  static async open(): Promise<PostgresWatch> {
    const watch = new PostgresWatch();
    watch.client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await watch.client.connect();
    const { rows } = await watch.client.query<{ name: string }>(
      "SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
    );
    watch.tables = rows.map((r) => r.name);
    watch.full = await watch.snapshot();
    watch.hashes = await watch.look();
    return watch;
  }

  private async look(): Promise<string> {
    const sql = this.tables.map((t) => `SELECT md5(coalesce(string_agg(r::text, ',' ORDER BY r::text), '')) AS h FROM ${t} r`).join(" UNION ALL ");
    const { rows } = await this.client!.query<{ h: string }>(sql);
    return JSON.stringify([rows.map((r) => r.h), await everythingStored()]);
  }

  private async snapshot(): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = { uploads: await everythingStored() };
    for (const table of this.tables) {
      const { rows } = await this.client!.query<{ row: string }>(`SELECT r::text AS row FROM ${table} r`);
      out[table] = rows.map((r) => r.row).sort();
    }
    return out;
  }

  async changes(): Promise<string[]> {
    const hashes = await this.look();
    if (hashes === this.hashes) return [];
    this.hashes = hashes;
    const before = this.full;
    this.full = await this.snapshot();
    return differences(before, this.full);
  }

  async close(): Promise<void> {
    await this.client?.end();
  }
}

/** The watch for this run's engines. */
const watchStores = async (): Promise<Watch> => (process.env.DATABASE_URL ? PostgresWatch.open() : new SqliteWatch());

/**
 * Watches the stores between requests. A full snapshot of every table is taken only when something
 * may have changed: a file appeared or went, or SQLite's data_version says another connection
 * committed to a file since the last look.
 */
class SqliteWatch implements Watch {
  private readonly watchers = new Map<string, Database.Database>();
  private versions = "";
  private full: Record<string, unknown> = {};

  constructor() {
    this.full = snapshot();
    this.versions = this.look();
  }

  private look(): string {
    const files = dataFiles();
    const versions = files.map((file) => {
      let db = this.watchers.get(file);
      if (!db) {
        db = new Database(path.join(process.env.DATA_DIR!, file), { readonly: true, fileMustExist: true });
        this.watchers.set(file, db);
      }
      return `${file}:${db.pragma("data_version", { simple: true })}`;
    });
    return JSON.stringify([versions, uploadListing()]);
  }

  /** What changed since the last call, as readable lines. */
  async changes(): Promise<string[]> {
    const versions = this.look();
    if (versions === this.versions) return [];
    this.versions = versions;
    const before = this.full;
    const after = snapshot();
    this.full = after;
    return differences(before, after);
  }

  async close(): Promise<void> {
    for (const db of this.watchers.values()) db.close();
  }
}

function problemsWith(res: Response, label: string): string[] {
  const problems: string[] = [];
  if (res.status >= 500) problems.push(`${label}: answered ${res.status}`);
  if (res.headers.get("x-content-type-options") !== "nosniff") problems.push(`${label}: no nosniff`);
  if (res.headers.get("x-frame-options") !== "DENY") problems.push(`${label}: no frame denial`);
  if (!res.headers.get("content-security-policy")?.includes("default-src 'none'")) problems.push(`${label}: no strict CSP`);
  return problems;
}

interface Attempt {
  label: string;
  url: string;
  params: Record<string, ParamValue>;
  cookie?: string;
  body?: BodyCase;
}

function attemptsFor(route: AppPath, method: string): Attempt[] {
  const key = `${method} ${route.source}`;
  const reads = method === "GET" || method === "HEAD";
  const attempts: Attempt[] = [];
  const good = realParams(route);
  for (const cookie of [undefined, alice]) {
    const who = cookie ? "signed in" : "anonymous";
    // Malformed path parameters, one parameter at a time.
    for (const { name, kind } of route.params) {
      // A catch-all matches one segment at least; only an optional one can be empty.
      const many: ParamValue[] = [["%E0%A4%A"], ["..", "..", "etc", "passwd"], ["\u0000"], ["callback", "%ZZ"], ["x".repeat(5000)], ...(kind === "optional" ? [[]] : [])];
      const values: ParamValue[] = kind === "one" ? MALFORMED_PARAMS : many;
      for (const value of values) {
        const params = { ...good, [name]: value };
        attempts.push({ label: `${who} ${key} with ${name}=${JSON.stringify(value).slice(0, 40)}`, url: urlFor(route, params), params, cookie });
      }
    }
    // Anonymous callers may send anything; as the user, only requests malformed as a whole.
    if (!cookie || !ACTIONS_WITHOUT_INPUT.has(key)) {
      if (reads) {
        for (const query of QUERIES) attempts.push({ label: `${who} ${key}${query.slice(0, 60)}`, url: urlFor(route, good) + query, params: good, cookie });
      } else {
        for (const body of BODIES) attempts.push({ label: `${who} ${key} with ${body.label}`, url: urlFor(route, good), params: good, cookie, body });
      }
    }
  }
  return attempts;
}

async function attempt(route: AppPath, handler: Handler, method: string, a: Attempt): Promise<Response> {
  const headers = new Headers(a.body?.headers);
  if (a.cookie) headers.set("cookie", a.cookie);
  // Next.js hands every route handler a NextRequest (next-auth reads its nextUrl).
  const req = new NextRequest(BASE + a.url, { method, headers, body: a.body?.body as BodyInit | undefined });
  const page = `/${route.file.replace(/\.tsx?$/, "")}`;
  const res = await inRequestScope(req, page, () => handler(req, { params: Promise.resolve(a.params) }));
  await res.body?.cancel(); // a stream (events) never ends by itself
  return res;
}

describe("every route handler", () => {
  it("is found under app/", () => {
    expect(ROUTES.length).toBeGreaterThan(40);
    expect(ROUTES.map((r) => r.source)).toEqual(expect.arrayContaining(["/send/:channel", "/files/:name", "/api/auth/:nextauth+"]));
  });

  it("would see a change: a well-formed send shows up in the store watch", async () => {
    const stores = await watchStores();
    try {
      expect(await stores.changes()).toEqual([]);
      const id = await sendOk(alice, "general", "a change the watch must see");
      await settled();
      const seen = await stores.changes();
      // The general channel's archive (channels/general.db's messages, or the archive table) gained the row.
      expect(seen.some((c) => /^(channels\/general\.db:messages|\S*channel_archive):/.test(c) && c.includes("a change the watch must see"))).toBe(true);
      await call(deleteRoute, `/delete/${id}`, { cookie: alice, method: "POST" }, { id: String(id) });
      await settled();
    } finally {
      await stores.close();
    }
  });

  it.each(ROUTES.map((r) => [r.source, r] as const))("%s answers malformed requests with 4xx, its headers, and no change", async (_, route) => {
    const mod = (await import(`@/app/${route.file}`)) as Record<string, unknown>;
    const methods = METHODS.filter((m) => typeof mod[m] === "function");
    expect(methods.length).toBeGreaterThan(0);
    const problems: string[] = [];
    const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
    const warnings = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    const stores = await watchStores();
    try {
      for (const method of methods) {
        for (const a of attemptsFor(route, method)) {
          let res: Response;
          try {
            res = await attempt(route, mod[method] as Handler, method, a);
          } catch (err) {
            problems.push(`${a.label}: threw ${String(err)}`);
            continue;
          }
          problems.push(...problemsWith(res, `${a.label} → ${res.status}`));
          await settled();
          for (const change of await stores.changes()) problems.push(`${a.label} → ${res.status} changed ${change}`);
        }
      }
    } finally {
      await stores.close();
      errors.mockRestore();
      warnings.mockRestore();
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
