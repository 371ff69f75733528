// `npm run start:cluster` (issue 14): two instances behind the built-in balancer, over PostgreSQL and Redis,
// serve one team through one port: event streams pass through it, and when one instance is killed the
// other answers while the cluster starts it again.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { sharedEngines } from "./engines.mjs";
import { freePort, root } from "./harness.mjs";

const PASSWORD = "Passw0rd!";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "minimost-cluster-"));
let engines = null;
let cluster = null;
let base = null;
let output = "";

/** The balancer's children: the instances' `next start` processes. */
function instancePids() {
  try {
    return fs.readFileSync(`/proc/${cluster.pid}/task/${cluster.pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function waitFor(test, ms, what) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await test().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} within ${ms} ms\n${output.slice(-3000)}`);
}

before(async () => {
  // One machine: the instances share the upload folder, so no S3.
  engines = await sharedEngines("cluster", { s3: false });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  fs.writeFileSync(path.join(dir, "settings.json"), JSON.stringify({ channels: ["general"], login_failure_delay_seconds: 0 }));
  cluster = spawn(process.execPath, [path.join(root, "scripts", "cluster.mjs")], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      MINIMOST_INSTANCES: "2",
      ...engines.env,
      PASSWORD_SCRYPT_N: "1024",
      DATA_DIR: path.join(dir, "data"),
      UPLOAD_DIR: path.join(dir, "uploads"),
      SETTINGS_FILE: path.join(dir, "settings.json"),
      NODE_ENV: "production",
    },
  });
  cluster.stdout.on("data", (chunk) => (output += chunk));
  cluster.stderr.on("data", (chunk) => (output += chunk));
  await waitFor(async () => output.includes("2/2 instances up"), 300_000, "the cluster did not come up");
});

after(async () => {
  if (cluster && cluster.exitCode === null) {
    const exited = new Promise((r) => cluster.once("exit", r));
    process.kill(-cluster.pid, "SIGTERM");
    const timer = setTimeout(() => process.kill(-cluster.pid, "SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  }
  // The cluster leaves nothing behind: no instance of its process group outlives it.
  let orphans = false;
  try {
    process.kill(-cluster.pid, 0);
    orphans = true;
    process.kill(-cluster.pid, "SIGKILL");
  } catch {
    // the group is gone, as it should be
  }
  cluster.stdout.destroy();
  cluster.stderr.destroy();
  await engines?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(orphans, false, "an instance outlived the cluster");
});

describe("npm run start:cluster", () => {
  let token;

  it("serves one team through one port: a send reaches an event stream opened through the balancer", async () => {
    assert.equal(instancePids().length, 2, "two instances run");
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200, await ready.clone().text());
    const signup = await fetch(`${base}/api/signup`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: "alice", password: PASSWORD, confirm_password: PASSWORD }),
    });
    assert.equal(signup.status, 200);
    token = (await signup.json()).token;
    const auth = { Authorization: `Bearer ${token}` };

    const controller = new AbortController();
    const stream = await fetch(`${base}/events`, { headers: auth, signal: controller.signal });
    assert.equal(stream.status, 200);
    const reader = stream.body.getReader();
    const decoder = new TextDecoder();
    let received = "";
    const heard = (async () => {
      while (!/"channel":"general"/.test(received)) {
        const { value, done } = await reader.read();
        if (done) break;
        received += decoder.decode(value, { stream: true });
      }
    })();
    // Several sends, so that the balancer spreads them over both instances.
    for (let i = 0; i < 4; i++) {
      const sent = await fetch(`${base}/send/general`, { method: "POST", headers: auth, body: new URLSearchParams({ text: `through the balancer ${i}` }) });
      assert.equal(sent.status, 200);
    }
    await Promise.race([heard, new Promise((_, reject) => setTimeout(() => reject(new Error(`no change notice: ${received}`)), 5000))]);
    controller.abort();
    const rows = await (await fetch(`${base}/messages/general?after=0`, { headers: auth })).json();
    assert.deepEqual(
      rows.filter((r) => r.content.startsWith("through")).map((r) => r.content),
      [0, 1, 2, 3].map((i) => `through the balancer ${i}`),
    );
  });

  it("keeps answering when an instance dies, and starts it again", async () => {
    const [victim] = instancePids();
    process.kill(victim, "SIGKILL");
    const auth = { Authorization: `Bearer ${token}` };
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${base}/channels`, { headers: auth });
      assert.equal(res.status, 200, `request ${i} after the kill`);
    }
    await waitFor(async () => output.includes("starting it again"), 10_000, "the cluster did not say it restarts the instance");
    await waitFor(async () => instancePids().length === 2 && !instancePids().includes(victim), 10_000, "no new instance");
  });
});
