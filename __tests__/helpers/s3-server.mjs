// An S3-compatible server for tests: s3rver on 127.0.0.1, a random port, its objects in a fresh temp
// folder, silent, the bucket already there. Plain ESM, so Jest's globalSetup can import it.
//
// s3rver runs in a child process of its own, started with OpenSSL's legacy provider: it signs
// ListObjectsV2 continuation tokens with DES, which OpenSSL 3 (Node 20) has only there, so in this
// process any listing longer than one page fails with InternalError. The child exits when this
// process goes, even without close().
import { fork } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

// s3rver accepts any key pair; these only have to be the same on both sides.
const ACCESS_KEY_ID = "S3RVER";
const SECRET_ACCESS_KEY = "S3RVER";
const CHILD_FLAG = "--minimost-s3-server";

export async function startS3Server({ bucket = "minimost-test" } = {}) {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "minimost-s3-"));
  const child = fork(fileURLToPath(import.meta.url), [CHILD_FLAG, directory, bucket], {
    execArgv: ["--openssl-legacy-provider"],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  let port;
  try {
    port = await new Promise((resolve, reject) => {
      child.once("message", (message) => (message.error ? reject(new Error(`s3rver did not start: ${message.error}`)) : resolve(message.port)));
      child.once("exit", (code) => reject(new Error(`s3rver exited with ${code} before it listened`)));
      child.once("error", reject);
    });
  } catch (err) {
    child.kill();
    await exited;
    fs.rmSync(directory, { recursive: true, force: true });
    throw err;
  }
  // Not waited for by this process's event loop: a test run that forgets close() still ends.
  child.unref();
  child.channel?.unref();
  let closing;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    accessKeyId: ACCESS_KEY_ID,
    secretAccessKey: SECRET_ACCESS_KEY,
    close() {
      closing ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.ref(); // this time its exit is waited for
          child.kill();
        }
        await exited;
        fs.rmSync(directory, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}

async function serve(directory, bucket) {
  const { default: S3rver } = await import("s3rver");
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    directory,
    silent: true,
    // Requests name the bucket in the path (forcePathStyle), never in the host name.
    vhostBuckets: false,
    configureBuckets: [{ name: bucket }],
  });
  const address = await server.run();
  // The parent gone (crashed, or ended without close()): nothing left to serve or keep.
  process.once("disconnect", () => {
    fs.rmSync(directory, { recursive: true, force: true });
    process.exit(0);
  });
  process.send({ port: address.port });
}

if (process.argv[2] === CHILD_FLAG) {
  serve(process.argv[3], process.argv[4]).catch((err) => {
    process.send?.({ error: String(err?.message ?? err) });
    process.exit(1);
  });
}
