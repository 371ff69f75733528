import sharp from "sharp";
import { GET as avatarGet } from "@/app/(chat)/avatar/[username]/route";
import { DELETE as avatarDelete, POST as avatarPost } from "@/app/(chat)/avatar/route";
import { GET as userAvatars } from "@/app/(chat)/user_avatars/route";
import { stagedFiles, storedNames } from "./helpers/blobs";
import { BASE, call, newUser } from "./helpers/http";
import { useSettings } from "./helpers/settings";

let alice: string;
let bob: string;
beforeAll(async () => {
  alice = await newUser("alice");
  bob = await newUser("bob");
});
afterEach(() => useSettings({}));

// The avatars the blob store holds, whichever store the run uses.
const avatarFiles = () => storedNames("avatars");

function upload(cookie: string, data: Buffer | string | null, name = "me.png", field = "avatar") {
  const form = new FormData();
  if (data !== null) form.set(field, new Blob([typeof data === "string" ? data : new Uint8Array(data)]), name);
  else form.set("other", "x");
  return avatarPost(new Request(`${BASE}/avatar`, { method: "POST", body: form, headers: { cookie } }), { params: Promise.resolve({}) });
}

const getAvatar = (cookie: string, username: string, headers: Record<string, string> = {}) =>
  call(avatarGet, `/avatar/${username}`, { cookie, headers }, { username });

describe("avatars", () => {
  it("are re-encoded to a 128×128 JPEG whatever was uploaded", async () => {
    const wide = await sharp({ create: { width: 640, height: 200, channels: 4, background: { r: 0, g: 128, b: 0, alpha: 0.5 } } }).png().toBuffer();
    const res = await upload(alice, wide);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok");
    const served = await getAvatar(bob, "alice");
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/jpeg");
    const meta = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 128, height: 128 });
    expect(await (await call(userAvatars, "/user_avatars", { cookie: bob })).json()).toEqual(["alice"]);
  });

  it("are revalidated with an ETag", async () => {
    const first = await getAvatar(bob, "ALICE");
    const etag = first.headers.get("etag")!;
    expect(first.headers.get("cache-control")).toBe("private, no-cache");
    expect((await getAvatar(bob, "alice", { "if-none-match": etag })).status).toBe(304);
  });

  it("replace the previous file, and go away on DELETE", async () => {
    const before = await avatarFiles();
    expect(before).toHaveLength(1);
    const jpeg = await sharp({ create: { width: 50, height: 80, channels: 3, background: "#123456" } }).jpeg().toBuffer();
    expect((await upload(alice, jpeg, "face.jpg")).status).toBe(200);
    const after = await avatarFiles();
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before[0]);
    const removed = await call(avatarDelete, "/avatar", { method: "DELETE", cookie: alice });
    expect(await removed.text()).toBe("ok");
    expect(await avatarFiles()).toEqual([]);
    const missing = await getAvatar(bob, "alice");
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe("");
    expect(await (await call(avatarDelete, "/avatar", { method: "DELETE", cookie: alice })).text()).toBe("ok");
  });

  it("refuse non-images, missing files and oversized files, changing nothing", async () => {
    const notImage = await upload(bob, "<svg onload=alert(1)>", "x.png");
    expect(notImage.status).toBe(400);
    expect(await notImage.text()).toBe("not an image");
    const none = await upload(bob, null);
    expect(none.status).toBe(400);
    expect(await none.text()).toBe("no file");
    const notForm = await call(avatarPost, "/avatar", { cookie: bob, json: { avatar: "x" } });
    expect(await notForm.text()).toBe("no file");
    useSettings({ max_avatar_size_mb: 1 });
    const big = await upload(bob, Buffer.alloc(1024 * 1024 + 10, 1));
    expect(big.status).toBe(413);
    expect(await big.text()).toBe("file too large (max 1 MB)");
    expect((await getAvatar(alice, "bob")).status).toBe(404);
    expect(await avatarFiles()).toEqual([]);
    expect(stagedFiles()).toEqual([]);
  });

  it("answer 404 for unknown users and 401 without a session", async () => {
    expect((await getAvatar(alice, "nobody")).status).toBe(404);
    expect((await call(avatarGet, "/avatar/alice", {}, { username: "alice" })).status).toBe(401);
  });
});
