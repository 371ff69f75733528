import http from "node:http";
import type { AddressInfo } from "node:net";
import { GET as previewRoute } from "@/app/(chat)/link_preview/route";
import { bitbucketCloudSource, bitbucketServerSource, clearPreviewCache, linkPreview } from "@/lib/previews/link";
import { configureFetchGuard } from "@/lib/previews/safe-fetch";
import { call, newUser } from "./helpers/http";

let server: http.Server;
let port: number;
const hits = new Map<string, number>();
const code = Array.from({ length: 1200 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const [path = "/"] = (req.url ?? "/").split("?");
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path === "/article") {
      return res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(
        `<html><head><title>Fallback</title><meta property="og:title" content="Release &amp; notes">
         <meta property="og:description" content="${"d".repeat(500)}"><meta property="og:image" content="/cover.png"></head>
         <body><meta property="og:title" content="not in head"></body></html>`,
      );
    }
    if (path === "/plain") return res.writeHead(200, { "content-type": "text/html" }).end("<title>  Just a   title </title>");
    if (path === "/untitled") return res.writeHead(200, { "content-type": "text/html" }).end("<p>no title</p>");
    if (path === "/image.png") return res.writeHead(200, { "content-type": "image/png" }).end("png");
    if (path === "/src/tool.py") return res.writeHead(200, { "content-type": "text/plain" }).end(code);
    if (path === "/rest/api/1.0/projects/P/repos/r/raw/lib/app.ts") return res.writeHead(200).end(code);
    if (path === "/to-private") return res.writeHead(302, { location: "http://192.168.0.1/" }).end();
    res.writeHead(404).end("nope");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  configureFetchGuard({ trustedLoopbackPort: port });
});

afterAll(async () => {
  configureFetchGuard({ trustedLoopbackPort: null });
  await new Promise((r) => server.close(r));
});

beforeEach(() => clearPreviewCache());

const at = (path: string) => `http://127.0.0.1:${port}${path}`;

describe("link previews", () => {
  it("make an OpenGraph card from the page head, with capped text and an absolute image", async () => {
    const cookie = await newUser("alice");
    const res = await call(previewRoute, `/link_preview?url=${encodeURIComponent(at("/article"))}`, { cookie });
    const card = await res.json();
    expect(card).toEqual({
      type: "og",
      title: "Release & notes",
      description: "d".repeat(400),
      image: at("/cover.png"),
      domain: `127.0.0.1:${port}`,
      url: at("/article"),
    });
  });

  it("fall back to the page title, and give {} without one", async () => {
    expect(await linkPreview(at("/plain"))).toMatchObject({ type: "og", title: "Just a title", description: "", image: "" });
    expect(await linkPreview(at("/untitled"))).toEqual({});
    expect(await linkPreview(at("/image.png"))).toEqual({});
    expect(await linkPreview(at("/missing"))).toEqual({});
  });

  it("show raw text files and Bitbucket Server sources as code, around the linked lines", async () => {
    const raw = await linkPreview(at("/src/tool.py"));
    expect(raw).toMatchObject({ type: "code", filename: "tool.py", filepath: "src/tool.py", language: "py", first_line_num: 1, total_lines: 1200 });
    expect((raw as { code: string }).code.split("\n")).toHaveLength(1000);
    const server = await linkPreview(at("/projects/P/repos/r/browse/lib/app.ts#700-702"));
    expect(server).toMatchObject({
      type: "code",
      filename: "app.ts",
      filepath: "lib/app.ts",
      language: "ts",
      first_line_num: 200,
      highlight_start: 700,
      highlight_end: 702,
      total_lines: 1200,
      url: at("/projects/P/repos/r/browse/lib/app.ts#700-702"),
    });
    expect((server as { code: string }).code.startsWith("line 200\n")).toBe(true);
  });

  it("map Bitbucket Cloud links to the API's raw file", () => {
    expect(bitbucketCloudSource(new URL("https://bitbucket.org/team/repo/src/main/src/a%20b.py#lines-10:12"))).toEqual({
      fetchUrl: "https://api.bitbucket.org/2.0/repositories/team/repo/src/main/src/a%20b.py",
      filepath: "src/a b.py",
      lineStart: 10,
      lineEnd: 12,
    });
    expect(bitbucketCloudSource(new URL("https://example.com/team/repo/src/main/x.py"))).toBeNull();
    expect(bitbucketServerSource(new URL("https://git.example.com/projects/P/repos/r/browse/x.c#5"))).toMatchObject({
      fetchUrl: "https://git.example.com/rest/api/1.0/projects/P/repos/r/raw/x.c",
      lineStart: 5,
      lineEnd: null,
    });
  });

  it("give {} for refused and unsafe URLs", async () => {
    for (const url of ["", "   ", "javascript:alert(1)", "file:///etc/passwd", "http://127.0.0.1/", "http://[::1]/", at("/to-private"), "http://10.0.0.1/x.py"]) {
      expect(await linkPreview(url)).toEqual({});
    }
    expect(await linkPreview(null)).toEqual({});
  });

  it("are cached: one fetch serves every request until the entry expires", async () => {
    const before = hits.get("/plain") ?? 0;
    await Promise.all([linkPreview(at("/plain")), linkPreview(at("/plain")), linkPreview(at("/plain"))]);
    await linkPreview(at("/plain"));
    expect((hits.get("/plain") ?? 0) - before).toBe(1);
  });
});
