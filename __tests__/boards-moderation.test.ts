// Who may do what on the boards (anonymous, author, other user, admin), moderation, reports, cooldowns.
import { spawnSync } from "node:child_process";
import sharp from "sharp";
import { isAdmin } from "@/lib/boards";
import { newUser } from "./helpers/http";
import { useSettings } from "./helpers/settings";
import {
  boardsJson,
  deletePost,
  dismiss,
  editPost,
  fixedClock,
  makeReply,
  makeThread,
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

let clock: ReturnType<typeof fixedClock>;
let admin: string;
let alice: string;
let bob: string;
let png: Buffer;

beforeAll(async () => {
  clock = fixedClock();
  useSettings(NO_COOLDOWNS);
  admin = await newUser("Root"); // the first account of this database
  alice = await newUser("alice");
  bob = await newUser("bob");
  png = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#ff00ff" } }).png().toBuffer();
});
afterAll(() => jest.restoreAllMocks());

type Post = { id: number; content: string; author: string | null; edited: string | null; deleted: boolean; image_url: string | null };
const posts = async (board: string, id: number) => (await (await postsJson(board, id)).json()) as Post[];

it("the first account is the admin, later ones are not", async () => {
  expect(await isAdmin("Root")).toBe(true);
  expect(await isAdmin("alice")).toBe(false);
  expect(await isAdmin(null)).toBe(false);
});

describe("anonymous callers read but never post", () => {
  it("401 on every post route; reading works", async () => {
    const { id, post } = await makeThread(alice, "tech", "open to read");
    await expectJson(await newThread("tech", { form: { title: "t", content: "x" } }), 401, { error: "unauthorized" });
    await expectJson(await reply("tech", id, { form: { content: "x" } }), 401, { error: "unauthorized" });
    await expectJson(await editPost("tech", id, post, { form: { content: "x" } }), 401, { error: "unauthorized" });
    await expectJson(await deletePost("tech", id, post, {}), 401, { error: "unauthorized" });
    await expectJson(await reportPost("tech", id, post, { form: { reason: "x" } }), 401, { error: "unauthorized" });
    await expectJson(await threadAction("lock", "tech", id, {}), 401, { error: "unauthorized" });
    await expectJson(await reportsJson(), 401, { error: "unauthorized" });
    expect((await posts("tech", id)).map((p) => p.content)).toEqual(["first post"]);
  });
});

describe("edit and delete", () => {
  let id: number;
  let mine: number;
  let withImage: number;

  beforeAll(async () => {
    ({ id, post: mine } = await makeThread(alice, "tech", "edits"));
    const res = await reply("tech", id, { cookie: alice, asJson: true, body: multipart({ content: "pic" }, [["image", "p.png", png]]) });
    withImage = (await res.json()).id;
  });

  it("the author edits: the new text and the edit time are kept and shown", async () => {
    clock.advance(30);
    const res = await editPost("tech", id, mine, { cookie: alice, asJson: true, form: { content: "first post, edited" } });
    const body = await res.json();
    expect(res.status).toBe(200);
    expect({ content: body.content, edited_ts: body.edited_ts }).toEqual({ content: "first post, edited", edited_ts: clock.seconds() });
    expect((await posts("tech", id))[0]).toMatchObject({ content: "first post, edited", edited: clock.stamp() });
    const form = await editPost("tech", id, mine, { cookie: alice, form: { content: "again" } });
    expect({ status: form.status, location: form.headers.get("location") }).toEqual({ status: 302, location: `/boards/tech/${id}/` });
  });

  it("another user, even an admin, cannot edit it; bad content is refused", async () => {
    await expectJson(await editPost("tech", id, mine, { cookie: bob, asJson: true, form: { content: "mine now" } }), 403, { error: "only the author can edit a post" });
    await expectText(await editPost("tech", id, mine, { cookie: admin, form: { content: "mine now" } }), 403, "only the author can edit a post");
    await expectText(await editPost("tech", id, mine, { cookie: alice, form: { content: "" } }), 400, "a post needs text or an image");
    await expectText(await editPost("tech", id, mine, { cookie: alice, form: {} }), 400, "missing field: content");
    await expectText(await editPost("tech", id, 999999, { cookie: alice, form: { content: "x" } }), 404, "post not found");
    expect((await posts("tech", id))[0]!.content).toBe("again");
  });

  it("another user cannot delete it; the author can: a tombstone stays and the image goes", async () => {
    await expectText(await deletePost("tech", id, withImage, { cookie: bob }), 403, "only the author or an admin can delete a post");
    expect(await uploadedFiles()).toHaveLength(2);
    const res = await deletePost("tech", id, withImage, { cookie: alice, asJson: true });
    await expectJson(res, 200, { ok: true });
    expect(await uploadedFiles()).toEqual([]);
    const row = (await posts("tech", id)).find((p) => p.id === withImage);
    expect(row).toMatchObject({ content: "", deleted: true, image_url: null });
    const thread = (await (await threadsJson("tech")).json()).threads.find((t: { id: number }) => t.id === id);
    expect({ replies: thread.replies, images: thread.images }).toEqual({ replies: 1, images: 0 });
    await expectText(await editPost("tech", id, withImage, { cookie: alice, form: { content: "back" } }), 409, "post was deleted");
  });

  it("an admin deletes anyone's post; a form delete redirects to the thread", async () => {
    const res = await deletePost("tech", id, mine, { cookie: admin });
    expect({ status: res.status, location: res.headers.get("location") }).toEqual({ status: 302, location: `/boards/tech/${id}/` });
    expect((await posts("tech", id))[0]).toMatchObject({ id: mine, content: "", deleted: true });
  });

  it("a post asked under another thread or board is not found", async () => {
    const other = await makeThread(bob, "tech", "other");
    await expectText(await deletePost("tech", other.id, mine, { cookie: admin }), 404, "post not found");
    await expectText(await deletePost("random", id, mine, { cookie: admin }), 404, "thread not found");
  });
});

describe("reports", () => {
  let id: number;
  let post: number;
  beforeAll(async () => {
    ({ id, post } = await makeThread(alice, "random", "reported"));
  });

  it("any signed-in user reports a post with a reason; only admins see the queue", async () => {
    clock.advance(1);
    await expectJson(await reportPost("random", id, post, { cookie: bob, asJson: true, form: { reason: "spam" } }), 201, { ok: true });
    await expectText(await reportPost("random", id, post, { cookie: bob, form: { reason: "  " } }), 400, "a reason must be 1-500 characters");
    await expectText(await reportPost("random", id, post, { cookie: bob, form: {} }), 400, "missing field: reason");
    await expectJson(await reportsJson(bob), 403, { error: "only an admin can do this" });
    const res = await reportsJson(admin);
    const queue = await res.json();
    expect(res.status).toBe(200);
    expect(queue).toEqual([
      {
        id: expect.any(Number), board: "random", reason: "spam", reporter: "bob", created: clock.stamp(),
        post: expect.objectContaining({ id: post, thread_id: id, content: "first post", author: "alice" }),
      },
    ]);
    await expectJson(await dismiss(queue[0].id, { cookie: bob, asJson: true }), 403, { error: "only an admin can do this" });
    await expectJson(await dismiss(queue[0].id, { cookie: admin, asJson: true }), 200, { ok: true });
    await expectJson(await dismiss(queue[0].id, { cookie: admin, asJson: true }), 404, { error: "report not found" });
    await expectJson(await reportsJson(admin), 200, []);
  });
});

describe("admin thread actions", () => {
  let id: number;
  beforeAll(async () => {
    ({ id } = await makeThread(alice, "gaming", "moderated"));
    clock.advance(1);
    await makeThread(alice, "gaming", "newer");
  });

  it("other users cannot lock, sticky, move or delete: 403", async () => {
    for (const action of ["lock", "unlock", "sticky", "unsticky", "delete"] as const) {
      await expectJson(await threadAction(action, "gaming", id, { cookie: alice, asJson: true }), 403, { error: "only an admin can do this" });
    }
    await expectText(await threadAction("move", "gaming", id, { cookie: bob, form: { board: "tech" } }), 403, "only an admin can do this");
  });

  it("lock: replies are refused (403), the thread stays listed; unlock opens it again", async () => {
    const res = await threadAction("lock", "gaming", id, { cookie: admin, asJson: true });
    expect(res.status).toBe(200);
    expect((await res.json()).locked).toBe(true);
    await expectText(await reply("gaming", id, { cookie: bob, form: { content: "too late" } }), 403, "thread is locked");
    await expectText(await editPost("gaming", id, (await posts("gaming", id))[0]!.id, { cookie: alice, form: { content: "x" } }), 403, "thread is locked");
    expect((await posts("gaming", id))).toHaveLength(1);
    const form = await threadAction("unlock", "gaming", id, { cookie: admin });
    expect({ status: form.status, location: form.headers.get("location") }).toEqual({ status: 302, location: `/boards/gaming/${id}/` });
    clock.advance(1);
    await makeReply(bob, "gaming", id, "open again");
  });

  it("sticky keeps a thread first whatever its bump order; unsticky lets it go", async () => {
    clock.advance(1);
    await makeThread(alice, "gaming", "newest");
    const titles = async () => ((await (await threadsJson("gaming")).json()).threads as Array<{ title: string; sticky: boolean }>).map((t) => `${t.title}${t.sticky ? "*" : ""}`);
    expect(await titles()).toEqual(["newest", "moderated", "newer"]);
    await threadAction("sticky", "gaming", id, { cookie: admin });
    clock.advance(1);
    await makeThread(alice, "gaming", "even newer");
    expect(await titles()).toEqual(["moderated*", "even newer", "newest", "newer"]);
    await threadAction("unsticky", "gaming", id, { cookie: admin });
    expect(await titles()).toEqual(["even newer", "newest", "moderated", "newer"]);
  });

  it("move: the thread is on its new board only; an unknown target is 400", async () => {
    await expectText(await threadAction("move", "gaming", id, { cookie: admin, form: { board: "nowhere" } }), 400, "no such board: nowhere");
    await expectText(await threadAction("move", "gaming", id, { cookie: admin, form: {} }), 400, "missing field: board");
    const before = (await (await boardsJson()).json()) as Array<{ slug: string; threads: number; posts: number }>;
    const res = await threadAction("move", "gaming", id, { cookie: admin, form: { board: "movies" } });
    expect({ status: res.status, location: res.headers.get("location") }).toEqual({ status: 302, location: `/boards/movies/${id}/` });
    await expectJson(await postsJson("gaming", id), 404, { error: "thread not found" });
    expect((await posts("movies", id)).map((p) => p.content)).toEqual(["first post", "open again"]);
    const after = (await (await boardsJson()).json()) as Array<{ slug: string; threads: number; posts: number }>;
    const totals = (list: typeof before, slug: string) => list.find((b) => b.slug === slug)!;
    expect(totals(after, "gaming")).toMatchObject({ threads: totals(before, "gaming").threads - 1, posts: totals(before, "gaming").posts - 2 });
    expect(totals(after, "movies")).toMatchObject({ threads: totals(before, "movies").threads + 1, posts: totals(before, "movies").posts + 2 });
  });

  it("delete: the thread, its posts and its images are gone; the form goes back to the board", async () => {
    const { id: doomed } = await makeThread(alice, "movies", "doomed");
    await reply("movies", doomed, { cookie: bob, asJson: true, body: multipart({ content: "" }, [["image", "x.png", png]]) });
    expect(await uploadedFiles()).toHaveLength(2);
    const res = await threadAction("delete", "movies", doomed, { cookie: admin });
    expect({ status: res.status, location: res.headers.get("location") }).toEqual({ status: 302, location: "/boards/movies/" });
    expect(await uploadedFiles()).toEqual([]);
    await expectJson(await postsJson("movies", doomed), 404, { error: "thread not found" });
    await expectJson(await threadAction("lock", "movies", doomed, { cookie: admin, asJson: true }), 404, { error: "thread not found" });
  });
});

describe("cooldowns", () => {
  it("a second thread within thread_cooldown_seconds is 429 with Retry-After, and nothing is written", async () => {
    useSettings({});
    try {
      clock.advance(60); // past the threads made above
      await makeThread(bob, "art", "first");
      clock.advance(20);
      const res = await newThread("art", { cookie: bob, form: { title: "second", content: "x" } });
      expect(res.headers.get("retry-after")).toBe("40");
      await expectText(res, 429, "You are posting too fast: wait 40 seconds before posting a new thread.");
      expect((await (await threadsJson("art")).json()).threads).toHaveLength(1);
      // Another user is not held back; a refused post does not spend the wait.
      await makeThread(alice, "art", "alice's");
      await expectText(await newThread("art", { cookie: alice, form: { title: "", content: "x" } }), 400, "title must be 1-200 characters");
      clock.advance(40);
      await makeThread(bob, "art", "second");
    } finally {
      useSettings(NO_COOLDOWNS);
    }
  });

  it("a reply within reply_cooldown_seconds (default 5) is 429; JSON callers get {\"error\"}", async () => {
    const { id } = await makeThread(bob, "art", "replies");
    useSettings({});
    try {
      clock.advance(100);
      await makeReply(alice, "art", id, "one");
      clock.advance(1);
      const res = await reply("art", id, { cookie: alice, asJson: true, form: { content: "two" } });
      expect(res.headers.get("retry-after")).toBe("4");
      await expectJson(res, 429, { error: "You are posting too fast: wait 4 seconds before posting another reply." });
      clock.advance(4);
      await makeReply(alice, "art", id, "two");
      expect((await posts("art", id)).map((p) => p.content)).toEqual(["first post", "one", "two"]);
    } finally {
      useSettings(NO_COOLDOWNS);
    }
  });
});

it("npm run make-admin -- <user> grants the role, --revoke takes it back, an unknown user is refused", async () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/make-admin.ts", ...args], {
      cwd: process.cwd(),
      env: process.env,
      encoding: "utf8",
      timeout: 60_000,
    });
  const granted = run("ALICE");
  expect({ status: granted.status, out: granted.stdout.trim() }).toEqual({ status: 0, out: "'alice' is now an admin." });
  expect(await isAdmin("alice")).toBe(true);
  const revoked = run("alice", "--revoke");
  expect({ status: revoked.status, out: revoked.stdout.trim() }).toEqual({ status: 0, out: "'alice' is no longer an admin." });
  expect(await isAdmin("alice")).toBe(false);
  const unknown = run("nobody");
  expect({ status: unknown.status, err: unknown.stderr.trim() }).toEqual({ status: 1, err: "Error: user 'nobody' does not exist" });
  expect(run().status).toBe(2);
}, 90_000);

it("a deleted account's threads and posts stay, with no author", async () => {
  const { deleteAccount } = await import("@/lib/auth/accounts");
  const carol = await newUser("carol");
  const { id } = await makeThread(carol, "pets", "carol's cat");
  await makeReply(carol, "pets", id, "meow");
  await deleteAccount("carol", { type: "soft", password: "Passw0rd!" });
  const thread = (await (await threadsJson("pets")).json()).threads[0];
  expect({ title: thread.title, author: thread.author }).toEqual({ title: "carol's cat", author: null });
  expect((await posts("pets", id)).map((p) => [p.content, p.author])).toEqual([["first post", null], ["meow", null]]);
});
