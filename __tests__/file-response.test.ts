// Files served from the blob store keep the validators clients already hold (ETag, Last-Modified),
// and a file removed between its lookup and its reading is a 404, never a 500.
import { GET as fileRoute } from "@/app/(chat)/files/[name]/route";
import { POST as sendRoute } from "@/app/(chat)/send/[channel]/route";
import { isDomainError } from "@/lib/errors";
import { fileResponse } from "@/lib/http/file-response";
import { blobs } from "@/lib/uploads/storage";
import { storedNames } from "./helpers/blobs";
import { BASE, call, newUser } from "./helpers/http";

let alice: string;
let name: string;
let sentAt: number;

beforeAll(async () => {
  alice = await newUser("alice");
  const form = new FormData();
  form.append("files", new Blob(["0123456789"]), "digits.txt");
  sentAt = Date.now();
  const res = await sendRoute(new Request(`${BASE}/send/general`, { method: "POST", body: form, headers: { cookie: alice } }), {
    params: Promise.resolve({ channel: "general" }),
  });
  expect(res.status).toBe(200);
  name = (await storedNames()).find((n) => n.endsWith("_digits.txt"))!;
});

it("answers with the ETag and Last-Modified of the file as stored: its validator and modification time", async () => {
  // What the store says it holds (each store has its own validator: size and mtime on disk, the
  // object's ETag on S3); the answer must carry exactly that, and a time of this upload.
  const stored = (await blobs().stat(name))!;
  expect(stored.size).toBe(10);
  expect(Math.abs(stored.modifiedMs - sentAt)).toBeLessThan(5000);
  const res = await call(fileRoute, `/files/${name}`, { cookie: alice }, { name });
  expect(res.status).toBe(200);
  expect(res.headers.get("etag")).toMatch(/^"[^"]+"$/);
  expect(res.headers.get("etag")).toBe(stored.etag);
  expect(res.headers.get("last-modified")).toBe(new Date(stored.modifiedMs).toUTCString());
  expect(res.headers.get("accept-ranges")).toBe("bytes");
  expect(await res.text()).toBe("0123456789");
});

it("answers not found when the file went away after it was looked up", async () => {
  const blob = (await blobs().stat(name))!;
  await blobs().delete(name);
  const answer = fileResponse(new Request(`${BASE}/files/${name}`), blob, { contentType: "application/octet-stream" });
  const err: unknown = await answer.catch((e: unknown) => e);
  expect(isDomainError(err) && err.code).toBe("not_found");
  const res = await call(fileRoute, `/files/${name}`, { cookie: alice }, { name });
  expect(res.status).toBe(404);
});
