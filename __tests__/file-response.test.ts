// Files served from the blob store keep the validators clients already hold (ETag, Last-Modified),
// and a file removed between its lookup and its reading is a 404, never a 500.
import fs from "node:fs";
import path from "node:path";
import { GET as fileRoute } from "@/app/(chat)/files/[name]/route";
import { POST as sendRoute } from "@/app/(chat)/send/[channel]/route";
import { isDomainError } from "@/lib/errors";
import { fileResponse } from "@/lib/http/file-response";
import { blobs } from "@/lib/uploads/storage";
import { BASE, call, newUser } from "./helpers/http";

let alice: string;
let name: string;

beforeAll(async () => {
  alice = await newUser("alice");
  const form = new FormData();
  form.append("files", new Blob(["0123456789"]), "digits.txt");
  const res = await sendRoute(new Request(`${BASE}/send/general`, { method: "POST", body: form, headers: { cookie: alice } }), {
    params: Promise.resolve({ channel: "general" }),
  });
  expect(res.status).toBe(200);
  name = fs.readdirSync(process.env.UPLOAD_DIR!).find((n) => n.endsWith("_digits.txt"))!;
});

it("answers with the ETag and Last-Modified of the file as stored: its size and modification time", async () => {
  const stat = fs.statSync(path.join(process.env.UPLOAD_DIR!, name));
  const res = await call(fileRoute, `/files/${name}`, { cookie: alice }, { name });
  expect(res.status).toBe(200);
  expect(res.headers.get("etag")).toBe(`"a-${Math.floor(stat.mtimeMs).toString(16)}"`);
  expect(res.headers.get("last-modified")).toBe(stat.mtime.toUTCString());
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
