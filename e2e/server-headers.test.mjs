// Server-level checks that need the real production server: security headers on every answer (pages,
// API, files, Next.js's own errors), malformed paths, and connections that outlive an early 413.
// Run with its own build: MINIMOST_BUILD_DIR=.next-sec node --test e2e/server-headers.test.mjs
import assert from "node:assert/strict";
import crypto from "node:crypto";
import http from "node:http";
import { after, before, describe, it } from "node:test";
import { startServer } from "./harness.mjs";

const PASSWORD = "Passw0rd!";
let server;
let token;

before(async () => {
  server = await startServer({
    settings: { channels: ["general"], login_failure_delay_seconds: 0, max_upload_size_mb: 1, max_avatar_size_mb: 5 },
    env: { PASSWORD_SCRYPT_N: "1024" },
  });
  const res = await fetch(`${server.base}/api/signup`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: "alice", password: PASSWORD, confirm_password: PASSWORD }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  token = (await res.json()).token;
});

after(async () => {
  await server?.stop();
});

const auth = () => ({ Authorization: `Bearer ${token}` });

/** One request over `agent` (raw path, sent as written), answering status, headers and body. */
function request(agent, method, path, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const url = new URL(server.base);
    const req = http.request({ agent, host: url.hostname, port: url.port, method, path, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    // Written in pieces, as a browser uploading a file would.
    if (body) for (let at = 0; at < body.length; at += 64 * 1024) req.write(body.subarray(at, at + 64 * 1024));
    req.end();
  });
}

function assertSecurityHeaders(res, label) {
  assert.equal(res.headers["x-content-type-options"], "nosniff", `${label}: nosniff`);
  assert.equal(res.headers["x-frame-options"], "DENY", `${label}: frame denial`);
  const csp = res.headers["content-security-policy"];
  assert.equal(typeof csp, "string", `${label}: a CSP`);
  assert.match(csp, /frame-ancestors 'none'/, `${label}: CSP frame-ancestors`);
  return csp;
}

function multipart(field, filename, content, extra = {}) {
  const boundary = `----minimost${crypto.randomBytes(8).toString("hex")}`;
  const parts = [];
  for (const [name, value] of Object.entries(extra)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
  parts.push(content, Buffer.from(`\r\n--${boundary}--\r\n`));
  const body = Buffer.concat(parts);
  return { body, headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, "Content-Length": String(body.length) } };
}

describe("security headers", () => {
  it("answer /favicon.ico with the app's icon (browsers ask for it on pages that name none)", async () => {
    const res = await fetch(`${server.base}/favicon.ico`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "image/svg+xml");
  });

  it("pages, API answers and served files each carry their own CSP", async () => {
    const agent = new http.Agent();
    const page = await request(agent, "GET", "/login");
    assert.equal(page.status, 200);
    assert.match(assertSecurityHeaders(page, "/login"), /script-src 'self'/);

    const api = await request(agent, "GET", "/channels", { headers: auth() });
    assert.equal(api.status, 200);
    assert.match(assertSecurityHeaders(api, "/channels"), /^default-src 'none'/);

    const { body, headers } = multipart("files", "page.html", Buffer.from("<script>alert(1)</script>"), { text: "a page" });
    const sent = await request(agent, "POST", "/send/general", { headers: { ...auth(), ...headers }, body });
    assert.equal(sent.status, 200, sent.body);
    const rows = JSON.parse((await request(agent, "GET", "/messages/general?after=0", { headers: auth() })).body);
    const name = rows.find((r) => r.filename?.endsWith("_page.html")).filename;
    const file = await request(agent, "GET", `/files/${name}`, { headers: auth() });
    assert.equal(file.status, 200, `${name}: ${file.body}`);
    const csp = assertSecurityHeaders(file, "/files");
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /sandbox/);
    agent.destroy();
  });

  it("answer malformed %-encodings in any path with a 4xx that carries them", async () => {
    const agent = new http.Agent();
    for (const path of [
      "/messages/%E0%A4%A",
      "/messages/%E0%A4%A?after=0",
      "/files/%E0%A4%A",
      "/file_preview/%ZZ",
      "/avatar/%C0",
      "/private_channels/%E0%A4%A/rename",
      "/profile/%",
      "/api/auth/%E0%A4%A",
      "/%E0%A4%A",
    ]) {
      for (const method of ["GET", "POST"]) {
        const res = await request(agent, method, path, { headers: auth() });
        assert.ok(res.status >= 400 && res.status < 500, `${method} ${path}: ${res.status} ${res.body.slice(0, 200)}`);
        assertSecurityHeaders(res, `${method} ${path}`);
      }
    }
    agent.destroy();
  });

  it("answer next-auth's routes without a 5xx", async () => {
    const agent = new http.Agent();
    for (const [method, path] of [
      ["GET", "/api/auth/callback/credentials"],
      ["GET", "/api/auth/callback/nope"],
      ["POST", "/api/auth/callback/credentials"],
      ["GET", "/api/auth/session"],
    ]) {
      const res = await request(agent, method, path);
      assert.ok(res.status < 500, `${method} ${path}: ${res.status} ${res.body.slice(0, 200)}`);
      assertSecurityHeaders(res, `${method} ${path}`);
    }
    agent.destroy();
  });
});

describe("an early 413", () => {
  // One socket at most: the request after the 413 goes over the same connection, unless the
  // server said it would close it.
  const keepAlive = () => new http.Agent({ keepAlive: true, maxSockets: 1 });

  it("after a 6 MB avatar leaves the connection usable", async () => {
    const agent = keepAlive();
    const { body, headers } = multipart("avatar", "big.png", crypto.randomBytes(6 * 1024 * 1024));
    const refused = await request(agent, "POST", "/avatar", { headers: { ...auth(), ...headers }, body });
    assert.equal(refused.status, 413);
    assert.equal(refused.body, "file too large (max 5 MB)");
    const next = await request(agent, "GET", "/channels", { headers: auth() });
    assert.equal(next.status, 200);
    agent.destroy();
  });

  it("after an oversized attachment leaves the connection usable", async () => {
    const agent = keepAlive();
    const { body, headers } = multipart("files", "big.bin", crypto.randomBytes(3 * 1024 * 1024), { text: "too big" });
    const refused = await request(agent, "POST", "/send/general", { headers: { ...auth(), ...headers }, body });
    assert.equal(refused.status, 413);
    assert.equal(refused.body, "file too large (max 1 MB)");
    const next = await request(agent, "GET", "/channels", { headers: auth() });
    assert.equal(next.status, 200);
    agent.destroy();
  });

  it("after an oversized JSON body leaves the connection usable", async () => {
    const agent = keepAlive();
    const body = Buffer.from(JSON.stringify({ bio: "b".repeat(3 * 1024 * 1024) }));
    const refused = await request(agent, "POST", "/settings", {
      headers: { ...auth(), "Content-Type": "application/json", "Content-Length": String(body.length) },
      body,
    });
    assert.equal(refused.status, 413);
    const next = await request(agent, "GET", "/channels", { headers: auth() });
    assert.equal(next.status, 200);
    agent.destroy();
  });
});
