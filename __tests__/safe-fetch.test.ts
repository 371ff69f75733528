import http from "node:http";
import type { AddressInfo } from "node:net";
import { configureFetchGuard, FetchRefused, isPublicAddress, safeFetch } from "@/lib/previews/safe-fetch";

let server: http.Server;
let other: http.Server;
let port: number;
let otherPort: number;
let otherHits = 0;

const listen = (s: http.Server) => new Promise<number>((resolve) => s.listen(0, "127.0.0.1", () => resolve((s.address() as AddressInfo).port)));

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = req.url ?? "/";
    if (path === "/page") return res.writeHead(200, { "content-type": "text/html" }).end("<title>ok</title>");
    if (path === "/big") return res.writeHead(200).end(Buffer.alloc(1024 * 1024, 97));
    if (path === "/slow") return; // never answers
    if (path === "/to-page") return res.writeHead(302, { location: "/page" }).end();
    if (path === "/to-private") return res.writeHead(302, { location: "http://10.1.2.3/x" }).end();
    if (path === "/to-other-port") return res.writeHead(301, { location: `http://127.0.0.1:${otherPort}/` }).end();
    if (path === "/to-metadata") return res.writeHead(307, { location: "http://169.254.169.254/latest/meta-data/" }).end();
    if (path === "/to-file") return res.writeHead(302, { location: "file:///etc/passwd" }).end();
    const hop = /^\/hop\/(\d+)$/.exec(path);
    if (hop) return res.writeHead(302, { location: `/hop/${Number(hop[1]) + 1}` }).end();
    res.writeHead(404).end();
  });
  other = http.createServer((_req, res) => {
    otherHits++;
    res.end("private");
  });
  port = await listen(server);
  otherPort = await listen(other);
  configureFetchGuard({ trustedLoopbackPort: port });
});

afterAll(async () => {
  configureFetchGuard({ trustedLoopbackPort: null });
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await new Promise((r) => other.close(r));
});

const base = () => `http://127.0.0.1:${port}`;
const refused = async (url: string, reason: RegExp) => {
  const error = await safeFetch(url, { maxBytes: 65536 }).then(
    () => null,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(FetchRefused);
  expect((error as Error).message).toMatch(reason);
};

describe("the preview fetcher", () => {
  it("fetches from a public server and follows a safe redirect", async () => {
    const page = await safeFetch(`${base()}/page`, { maxBytes: 65536 });
    expect(page).toMatchObject({ status: 200, contentType: "text/html", truncated: false });
    expect(page.body.toString()).toBe("<title>ok</title>");
    const redirected = await safeFetch(`${base()}/to-page`, { maxBytes: 65536 });
    expect(redirected.url).toBe(`${base()}/page`);
    expect(redirected.body.toString()).toBe("<title>ok</title>");
  });

  it.each([
    ["file:///etc/passwd", /scheme file:/],
    ["gopher://example.com/", /scheme gopher:/],
    ["ftp://example.com/", /scheme ftp:/],
    ["http://user:secret@example.com/", /credentials/],
    ["http://example.com:8080/", /port 8080/],
    ["https://example.com:22/", /port 22/],
    ["not a url", /not a URL/],
  ])("refuses %s before any lookup", async (url, reason) => {
    await refused(url, reason);
  });

  it.each([
    "http://127.0.0.1/",
    "http://localhost/",
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://0.0.0.0/",
    "http://100.64.0.1/",
    "http://[::1]/",
    "http://[fc00::1]/",
    "http://[fd12:3456::1]/",
    "http://[fe80::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[::ffff:10.0.0.1]/",
    "http://[64:ff9b::a00:1]/",
    "http://[::127.0.0.1]/",
    "http://[::7f00:1]/",
    "http://[::ffff:0:7f00:1]/",
    "http://[::ffff:0:127.0.0.1]/",
    "http://[64:ff9b:1::a9fe:a9fe]/",
    "http://[64:ff9b::169.254.169.254]/",
    "http://[2002:7f00:1::]/",
    "http://[2002:a9fe:a9fe::1]/",
    "http://[0:0:0:0:0:ffff:7f00:1]/",
  ])("refuses %s, a non-public address", async (url) => {
    await refused(url, /not public/);
  });

  it("refuses loopback on any port but the one the tests trust", async () => {
    await refused(`http://127.0.0.1:${otherPort}/`, /port/);
    expect(otherHits).toBe(0);
  });

  it.each([
    ["/to-private", /10\.1\.2\.3 is not public/],
    ["/to-metadata", /169\.254\.169\.254 is not public/],
    ["/to-other-port", /port/],
    ["/to-file", /scheme file:/],
  ])("checks every redirect again: %s", async (path, reason) => {
    await refused(`${base()}${path}`, reason);
    expect(otherHits).toBe(0);
  });

  it("follows at most five redirects", async () => {
    await refused(`${base()}/hop/0`, /too many redirects/);
    await expect(safeFetch(`${base()}/hop/0`, { maxBytes: 100, maxRedirects: 5 })).rejects.toThrow("too many redirects");
  });

  it("stops reading at the size cap", async () => {
    const big = await safeFetch(`${base()}/big`, { maxBytes: 64 * 1024 });
    expect(big.truncated).toBe(true);
    expect(big.body.length).toBe(64 * 1024);
  });

  it("gives up at the deadline", async () => {
    const started = Date.now();
    await expect(safeFetch(`${base()}/slow`, { maxBytes: 100, timeoutMs: 300 })).rejects.toThrow("timed out");
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe("public addresses", () => {
  it.each(["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "::ffff:808:808", "64:ff9b::808:808", "2002:808:808::1", "2a00:1450:4001::200e"])("%s is public", (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
  it.each([
    "127.0.0.2", "::1", "::", "fc00::1", "::ffff:192.168.0.1", "64:ff9b::7f00:1", "224.0.0.1", "255.255.255.255", "example.com",
    // Every IPv4-embedding IPv6 form is judged by the IPv4 address inside it.
    "::7f00:1", "::127.0.0.1", "::a9fe:a9fe", "::ffff:0:a00:1", "::ffff:0:10.0.0.1", "::FFFF:7F00:1", "0:0:0:0:0:ffff:a9fe:a9fe",
    "2002:a00:1::", "2002:c0a8:101::1", "2002:7f00:1:0:0:0:0:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::a9fe:a9fe", "64:ff9b:1:2::808:808",
    "fe80::1%eth0", "3fff::1",
  ])(
    "%s is not",
    (address) => {
      expect(isPublicAddress(address)).toBe(false);
    },
  );
});
