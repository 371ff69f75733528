// The boards review (issue 12): races between a post and a moderator, totals that stay true, and the
// limits a hostile or careless poster meets.
import type { ReactElement } from "react";
import { NextRequest } from "next/server";
import sharp from "sharp";
import BoardsLayout from "@/app/boards/layout";
import ThreadRoute from "@/app/boards/[board]/[id]/page";
import { db } from "@/lib/db/client";
import { BASE, call, newUser } from "./helpers/http";
import { GET as reportsRoute } from "@/app/boards/reports.json/route";
import { inRequestScope } from "./helpers/next-scope";
import { useSettings } from "./helpers/settings";
import {
  boardsJson,
  deletePost,
  editPost,
  fixedClock,
  makeReply,
  makeThread,
  media,
  multipart,
  NO_COOLDOWNS,
  newThread,
  postsJson,
  reply,
  reportPost,
  reportsJson,
  threadAction,
  threadsJson,
  uploadedFiles,
} from "./helpers/boards";
import { expectJson, expectText } from "./helpers/chat";
import { animatedGif } from "./helpers/images";

let clock: ReturnType<typeof fixedClock>;
let admin: string;
let alice: string;
let bob: string;
let png: Buffer;

beforeAll(async () => {
  clock = fixedClock();
  useSettings(NO_COOLDOWNS);
  admin = await newUser("Root"); // the first account is the admin
  alice = await newUser("alice");
  bob = await newUser("bob");
  png = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#336699" } }).png().toBuffer();
});
afterAll(() => jest.restoreAllMocks());

type Totals = { slug: string; threads: number; posts: number; last_post_at: string | null };
async function totals(slug: string): Promise<Totals> {
  const { threads, posts, last_post_at } = ((await (await boardsJson()).json()) as Totals[]).find((b) => b.slug === slug)!;
  return { slug, threads, posts, last_post_at };
}

/** What boards.json should say for a board, counted from the rows themselves. */
async function countedTotals(slug: string) {
  const threads = await db().boardThread.count({ where: { board: slug } });
  const posts = await db().boardPost.count({ where: { thread: { board: slug } } });
  const last = await db().boardPost.aggregate({ where: { thread: { board: slug } }, _max: { created: true } });
  const at = last._max.created;
  return { slug, threads, posts, last_post_at: at == null ? null : new Date(Math.floor(at) * 1000).toISOString().slice(0, 19).replace("T", " ") };
}

/** Every image key still referenced by a post, with its thumbnail, as the files under uploads/ would be named. */
async function referencedFiles(): Promise<string[]> {
  const rows = await db().boardPost.findMany({ select: { image: true, thumbnail: true } });
  return rows.flatMap((r) => [r.image, r.thumbnail]).filter((k): k is string => !!k).sort();
}

const statuses = (responses: Response[]) => responses.map((r) => r.status).sort();

describe("thread actions that race", () => {
  it("two admins delete the same thread at once: one 200, one 404 (never a 500)", async () => {
    const { id } = await makeThread(alice, "tech", "twice deleted");
    const both = await Promise.all([1, 2].map(() => threadAction("delete", "tech", id, { cookie: admin, asJson: true })));
    expect(statuses(both)).toEqual([200, 404]);
    expect(await totals("tech")).toEqual(await countedTotals("tech"));
  });

  it("a lock or a move racing a delete answers 404 once the thread is gone", async () => {
    for (const other of ["lock", "sticky", "move"] as const) {
      const { id } = await makeThread(alice, "tech", `${other} vs delete`);
      const [deleted, raced] = await Promise.all([
        threadAction("delete", "tech", id, { cookie: admin, asJson: true }),
        threadAction(other, "tech", id, { cookie: admin, asJson: true, ...(other === "move" ? { form: { board: "random" } } : {}) }),
      ]);
      expect(deleted.status === 200 || raced.status === 200).toBe(true);
      expect([200, 404]).toContain(deleted.status);
      expect([200, 404]).toContain(raced.status);
    }
    expect(await totals("tech")).toEqual(await countedTotals("tech"));
    expect(await totals("random")).toEqual(await countedTotals("random"));
  });

  it("two deletes of one post at once: both succeed, one tombstone, the image removed once", async () => {
    const { id } = await makeThread(alice, "tech", "post deleted twice");
    const res = await reply("tech", id, { cookie: alice, asJson: true, body: multipart({ content: "pic" }, [["image", "p.png", png]]) });
    const post = (await res.json()).id as number;
    const both = await Promise.all([deletePost("tech", id, post, { cookie: alice, asJson: true }), deletePost("tech", id, post, { cookie: admin, asJson: true })]);
    expect(statuses(both)).toEqual([200, 200]);
    const thread = await db().boardThread.findUnique({ where: { id } });
    expect(thread?.images).toBe(0);
    expect(await uploadedFiles()).toEqual(await referencedFiles());
  });
});

describe("board totals stay true when replies race deletes and moves", () => {
  it("replies with images racing a thread delete: counts match the rows, no image is left behind", async () => {
    for (let round = 0; round < 8; round++) {
      const { id } = await makeThread(alice, "diy", `race ${round}`);
      await makeReply(bob, "diy", id, "already here");
      const racing = [
        reply("diy", id, { cookie: bob, asJson: true, body: multipart({ content: `late ${round}` }, [["image", "late.png", png]]) }),
        reply("diy", id, { cookie: alice, asJson: true, form: { content: `text ${round}` } }),
      ];
      // Start the delete a little later each round, so it lands at every point of the replies' work.
      for (let i = 0; i < round; i++) await new Promise((resolve) => setImmediate(resolve));
      const deleted = await threadAction("delete", "diy", id, { cookie: admin, asJson: true });
      expect(deleted.status).toBe(200);
      for (const res of await Promise.all(racing)) expect([201, 404]).toContain(res.status);
    }
    expect(await totals("diy")).toEqual(await countedTotals("diy"));
    expect(await uploadedFiles()).toEqual(await referencedFiles());
  });

  it("replies racing a move: both boards' counts match the rows", async () => {
    for (let round = 0; round < 8; round++) {
      const { id } = await makeThread(alice, "music", `moving ${round}`);
      const racing = [
        reply("music", id, { cookie: bob, asJson: true, body: multipart({ content: `late ${round}` }, [["image", "late.png", png]]) }),
        reply("music", id, { cookie: alice, asJson: true, form: { content: `text ${round}` } }),
      ];
      for (let i = 0; i < round; i++) await new Promise((resolve) => setImmediate(resolve));
      expect((await threadAction("move", "music", id, { cookie: admin, asJson: true, form: { board: "movies" } })).status).toBe(200);
      for (const res of await Promise.all(racing)) expect([201, 404]).toContain(res.status);
    }
    expect(await totals("music")).toEqual(await countedTotals("music"));
    expect(await totals("movies")).toEqual(await countedTotals("movies"));
    expect(await uploadedFiles()).toEqual(await referencedFiles());
  });
});

describe("last_post_at follows the posts a board still holds", () => {
  it("after the newest thread is deleted or moved away, it is the newest remaining post's time", async () => {
    const { id: older } = await makeThread(alice, "pets", "older");
    const olderStamp = clock.stamp();
    clock.advance(60);
    const { id: newer } = await makeThread(alice, "pets", "newer");
    clock.advance(60);
    await makeReply(bob, "pets", newer, "newest reply");
    const newestStamp = clock.stamp();
    expect((await totals("pets")).last_post_at).toBe(newestStamp);

    await threadAction("move", "pets", newer, { cookie: admin, asJson: true, form: { board: "sports" } });
    expect((await totals("pets")).last_post_at).toBe(olderStamp);
    expect((await totals("sports")).last_post_at).toBe(newestStamp);

    await threadAction("delete", "sports", newer, { cookie: admin, asJson: true });
    expect((await totals("sports")).last_post_at).toBeNull();
    await threadAction("delete", "pets", older, { cookie: admin, asJson: true });
    expect((await totals("pets"))).toMatchObject({ threads: 0, posts: 0, last_post_at: null });
  });
});

describe("a lock that lands between a reply's check and its write", () => {
  it("refuses the reply (403 thread is locked) and keeps no file", async () => {
    const carol = await newUser("carol");
    const { id } = await makeThread(alice, "random", "locking soon");
    // A large image: storing it (after the lock check and the cooldown claim) leaves time for the lock.
    const big = await sharp({ create: { width: 1500, height: 1500, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 30 } } }).jpeg({ quality: 80 }).toBuffer();
    let settled = false;
    const replying = reply("random", id, { cookie: carol, asJson: true, body: multipart({ content: "just in time?" }, [["image", "big.jpg", big]]) });
    void replying.finally(() => (settled = true));
    // The cooldown is claimed once the reply has passed its checks.
    while (!settled && !(await db().boardCooldown.findUnique({ where: { username_kind: { username: "carol", kind: "reply" } } }))) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect((await threadAction("lock", "random", id, { cookie: admin, asJson: true })).status).toBe(200);
    await expectJson(await replying, 403, { error: "thread is locked" });
    expect((await (await postsJson("random", id)).json()).map((p: { content: string }) => p.content)).toEqual(["first post"]);
    expect(await uploadedFiles()).toEqual(await referencedFiles());
  });
});


/** Posts an image as a new thread and reads back the stored full-size file. */
async function storedImage(name: string, data: Buffer): Promise<{ status: number; bytes: Buffer | null }> {
  const res = await newThread("art", { cookie: alice, asJson: true, body: multipart({ title: name, content: "" }, [["image", name, data]]) });
  if (res.status !== 201) return { status: res.status, bytes: null };
  const url = (await res.json()).post.image_url as string;
  const served = await media(url.split("/").pop()!);
  expect(served.status).toBe(200);
  return { status: 201, bytes: Buffer.from(await served.arrayBuffer()) };
}

describe("full-size images", () => {
  it("lose their EXIF (GPS, names) and stay upright", async () => {
    const photo = await sharp({ create: { width: 40, height: 20, channels: 3, background: "#884422" } })
      .jpeg()
      .withExif({ IFD0: { Artist: "Alice Example" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 2400/100" } })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const before = await sharp(photo).metadata();
    expect({ exif: !!before.exif, orientation: before.orientation }).toEqual({ exif: true, orientation: 6 });
    const { bytes } = await storedImage("photo.jpg", photo);
    expect(bytes!.includes("Alice Example")).toBe(false);
    const after = await sharp(bytes!).metadata();
    expect({ format: after.format, exif: after.exif, orientation: after.orientation, width: after.width, height: after.height }).toEqual({
      format: "jpeg", exif: undefined, orientation: undefined, width: 20, height: 40,
    });
  });

  it("an ordinary animated GIF (480×360, 240 frames) is kept with all its frames", async () => {
    const { status, bytes } = await storedImage("loop.gif", await animatedGif(480, 360, 240));
    expect(status).toBe(201);
    const after = await sharp(bytes!).metadata();
    expect({ format: after.format, pages: after.pages, width: after.width, height: after.height }).toEqual({ format: "gif", pages: 240, width: 480, height: 360 });
  }, 60_000);

  it("an animation of more than 1,000 frames is refused", async () => {
    const many = await animatedGif(8, 8, 1_001);
    await expectText(await newThread("art", { cookie: alice, body: multipart({ title: "many", content: "" }, [["image", "many.gif", many]]) }), 400, "Invalid file type.");
    expect(await uploadedFiles()).toEqual(await referencedFiles());
  }, 60_000);
});

describe("name colours on the boards pages", () => {
  type Looks = { colors: Record<string, string>; avatars: string[] };
  /** The people a page (or the layout) hands to the browser, rendered as `cookie`'s reader. */
  async function looksOf(cookie: string | null, render: () => Promise<unknown>): Promise<Looks> {
    const req = new NextRequest(BASE + "/boards/", { headers: cookie ? { cookie } : {} });
    const element = (await inRequestScope(req, "/boards/page", render)) as ReactElement<Looks>;
    return { colors: element.props.colors, avatars: element.props.avatars };
  }

  it("only a signed-in reader gets them, and only for the names the page shows", async () => {
    const dave = await newUser("dave");
    for (const [username, nameColor] of [["alice", "#aa0000"], ["bob", "#00bb00"], ["dave", "#0000cc"]] as const) {
      await db().userSettings.upsert({ where: { username }, create: { username, nameColor }, update: { nameColor } });
    }
    const { id } = await makeThread(alice, "tech", "colours");
    await makeReply(bob, "tech", id, "green");
    const layout = () => BoardsLayout({ children: null });
    const thread = () => ThreadRoute({ params: Promise.resolve({ board: "tech", id: String(id) }) });

    expect(await looksOf(null, layout)).toEqual({ colors: {}, avatars: [] });
    expect(await looksOf(null, thread)).toEqual({ colors: {}, avatars: [] });
    // The layout: the reader's own colour (their name is in the header), nobody else's.
    expect((await looksOf(dave, layout)).colors).toEqual({ dave: "#0000cc" });
    // The thread: its authors' colours, not dave's although he is the reader.
    expect((await looksOf(dave, thread)).colors).toEqual({ alice: "#aa0000", bob: "#00bb00" });
  });
});

describe("reports", () => {
  type Report = { id: number; reason: string; reporter: string; post: { id: number } };
  const queue = async () => (await (await reportsJson(admin)).json()) as Report[];

  it("one per post and reporter: reporting again updates the reason; the queue shows the newest first", async () => {
    const eve = await newUser("eve");
    const { id, post: first } = await makeThread(alice, "random", "reported twice");
    const second = await makeReply(alice, "random", id, "also reported");
    await expectJson(await reportPost("random", id, first, { cookie: eve, asJson: true, form: { reason: "spam" } }), 201, { ok: true });
    clock.advance(1);
    await expectJson(await reportPost("random", id, second, { cookie: eve, asJson: true, form: { reason: "rude" } }), 201, { ok: true });
    clock.advance(1);
    await expectJson(await reportPost("random", id, first, { cookie: eve, asJson: true, form: { reason: "spam, really" } }), 201, { ok: true });
    const mine = (await queue()).filter((r) => r.reporter === "eve").map((r) => [r.post.id, r.reason]);
    expect(mine).toEqual([[first, "spam, really"], [second, "rude"]]);
  });

  it("a user makes at most 20 new reports an hour: then 429 with Retry-After, until the hour has passed", async () => {
    const frank = await newUser("frank");
    const { id } = await makeThread(alice, "random", "many posts");
    const targets: number[] = [];
    for (let i = 0; i < 21; i++) targets.push(await makeReply(alice, "random", id, `post ${i}`));
    for (const post of targets.slice(0, 20)) {
      expect((await reportPost("random", id, post, { cookie: frank, asJson: true, form: { reason: "bad" } })).status).toBe(201);
    }
    const refused = await reportPost("random", id, targets[20]!, { cookie: frank, asJson: true, form: { reason: "bad" } });
    expect({ status: refused.status, retryAfter: refused.headers.get("retry-after") }).toEqual({ status: 429, retryAfter: "3600" });
    // Updating a reason is not a new report.
    expect((await reportPost("random", id, targets[0]!, { cookie: frank, asJson: true, form: { reason: "worse" } })).status).toBe(201);
    clock.advance(3601);
    expect((await reportPost("random", id, targets[20]!, { cookie: frank, asJson: true, form: { reason: "bad" } })).status).toBe(201);
  });

  it("the queue pages: 100 a page, ?page=2 the next; a bad page is 400", async () => {
    const all = await queue();
    expect(all.length).toBeGreaterThan(0);
    expect(all.length).toBeLessThanOrEqual(100);
    const pageTwo = await call(reportsRoute, "/boards/reports.json?page=2", { cookie: admin });
    expect({ status: pageTwo.status, body: await pageTwo.json() }).toEqual({ status: 200, body: all.length < 100 ? [] : expect.any(Array) });
    await expectJson(await call(reportsRoute, "/boards/reports.json?page=0", { cookie: admin }), 400, { error: "page must be a whole number from 1" });
  });
});

describe("multipart forms", () => {
  it("a text field over 64 KB, or a body past the room for the image and the fields, is 413 and writes nothing", async () => {
    const before = await totals("tech");
    const junk = "x".repeat(100 * 1024);
    await expectText(await newThread("tech", { cookie: alice, body: multipart({ title: "big field", content: "hi", junk }) }), 413, "field junk too large");
    const huge = "y".repeat(3 * 1024 * 1024);
    await expectText(await newThread("tech", { cookie: alice, body: multipart({ title: "huge field", content: "hi", junk: huge }) }), 413, "request body too large");
    expect(await totals("tech")).toEqual(before);
    expect(await uploadedFiles()).toEqual(await referencedFiles());
  });

  it("more than 8 fields is 400", async () => {
    const fields = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`f${i}`, "v"]));
    await expectText(await newThread("tech", { cookie: alice, body: multipart({ title: "many fields", content: "hi", ...fields }) }), 400, "too many form fields");
  });
});

describe("bidi overrides and invisible characters", () => {
  const refused = (res: Response, what: string, char: string) => expectText(res, 400, `${what} contains a control or formatting character (${char})`);

  it("are refused in titles and posts with a clear 400; marks, joiners and emoji sequences are kept", async () => {
    const form = (title: string, content: string) => ({ cookie: alice, form: { title, content } });
    await refused(await newThread("tech", form("evil\u202Etxt.exe", "x")), "title", "U+202E");
    await refused(await newThread("tech", form("hidden\u200Bword", "x")), "title", "U+200B");
    await refused(await newThread("tech", form("a right-to-left \u200F mark", "x")), "title", "U+200F");
    await refused(await newThread("tech", form("fine", "flip \u202Dthis")), "a post", "U+202D");
    await refused(await newThread("tech", form("fine", "in\u2060visible")), "a post", "U+2060");
    const { id } = await makeThread(alice, "tech", "coder \u{1F469}\u200D\u{1F4BB}", "\u05E9\u05DC\u05D5\u05DD \u200F!");
    await refused(await reply("tech", id, { cookie: bob, form: { content: "\u202Ereversed" } }), "a post", "U+202E");
    const posts = (await (await postsJson("tech", id)).json()) as Array<{ content: string }>;
    expect(posts.map((p) => p.content)).toEqual(["\u05E9\u05DC\u05D5\u05DD \u200F!"]);
  });
});

describe("account deletion", () => {
  it("a hard delete turns the account's posts into tombstones: text, images and files gone, reports closed", async () => {
    const { deleteAccount } = await import("@/lib/auth/accounts");
    const gina = await newUser("gina");
    const { id, post: opening } = await makeThread(gina, "diy", "gina's shelf");
    const res = await reply("diy", id, { cookie: gina, asJson: true, body: multipart({ content: "photo" }, [["image", "shelf.png", png]]) });
    expect(res.status).toBe(201);
    const kept = await makeReply(bob, "diy", id, "nice shelf");
    await reportPost("diy", id, opening, { cookie: bob, form: { reason: "spam" } });
    await reportPost("diy", id, kept, { cookie: gina, form: { reason: "rude" } });
    expect((await uploadedFiles()).length).toBeGreaterThan(0);

    await deleteAccount("gina", { type: "hard", password: "Passw0rd!" });
    const posts = (await (await postsJson("diy", id)).json()) as Array<{ id: number; content: string; author: string | null; deleted: boolean; image_url: string | null }>;
    expect(posts.map((p) => [p.content, p.author, p.deleted, p.image_url])).toEqual([
      ["", null, true, null],
      ["", null, true, null],
      ["nice shelf", "bob", false, null],
    ]);
    expect((await db().boardThread.findUnique({ where: { id } }))?.images).toBe(0);
    expect(await uploadedFiles()).toEqual(await referencedFiles());
    expect((await (await reportsJson(admin)).json()).filter((r: { post: { id: number }; reporter: string }) => r.post.id === opening || r.reporter === "gina")).toEqual([]);
  });

  it("a soft delete keeps the posts, without an author", async () => {
    const { deleteAccount } = await import("@/lib/auth/accounts");
    const hal = await newUser("hal");
    const { id } = await makeThread(hal, "diy", "hal's bench");
    await deleteAccount("hal", { type: "soft", password: "Passw0rd!" });
    const posts = (await (await postsJson("diy", id)).json()) as Array<{ content: string; author: string | null; deleted: boolean }>;
    expect(posts.map((p) => [p.content, p.author, p.deleted])).toEqual([["first post", null, false]]);
  });
});

describe("search", () => {
  it("pages through its matches without counting them all: the next page is offered while there are more", async () => {
    for (let i = 0; i < 25; i++) {
      clock.advance(1);
      await makeThread(alice, "books", i % 2 ? `needle_${i}` : `plain ${i}`, i % 2 ? "x" : `has a needle_${i} inside`);
    }
    await makeThread(alice, "books", "needle-less", "no match here: needleX");
    const page = async (n: number) => {
      const res = await threadsJson("books", `?q=needle_&page=${n}`);
      const body = await res.json();
      return res.status === 200 ? { titles: (body.threads as Array<{ title: string }>).map((t) => t.title), page: body.page, pages: body.pages } : { status: res.status };
    };
    const first = await page(1);
    expect({ count: first.titles!.length, first: first.titles![0], page: first.page, pages: first.pages }).toEqual({ count: 20, first: "plain 24", page: 1, pages: 2 });
    const second = await page(2);
    expect(second).toEqual({ titles: ["plain 4", "needle_3", "plain 2", "needle_1", "plain 0"], page: 2, pages: 2 });
    expect(await page(3)).toEqual({ status: 404 });
  });

  it("follows edits and deletes; short, quoted and wildcard-like searches match literally", async () => {
    const titles = async (q: string) =>
      ((await (await threadsJson("books", `?q=${encodeURIComponent(q)}`)).json()).threads as Array<{ title: string }>).map((t) => t.title);
    const { id, post } = await makeThread(alice, "books", "edited one", "the word is zanzibar");
    expect(await titles("ZANZIBAR")).toEqual(["edited one"]);
    await editPost("books", id, post, { cookie: alice, form: { content: "now it says quixotic" } });
    expect(await titles("zanzibar")).toEqual([]);
    expect(await titles("quixot")).toEqual(["edited one"]);
    const other = await makeThread(alice, "books", "quoted", 'she said "hi there" and 50%_off');
    expect(await titles('"hi there"')).toEqual(["quoted"]);
    expect(await titles("0%_o")).toEqual(["quoted"]);
    expect(await titles("0%xo")).toEqual([]);
    expect(await titles("zq")).toEqual([]);
    expect(await titles("qu")).toEqual(["quoted", "edited one"]);
    await deletePost("books", other.id, other.post, { cookie: alice });
    expect(await titles("hi there")).toEqual([]);
    expect(await titles("quoted")).toEqual(["quoted"]); // its title still matches
  });
});
