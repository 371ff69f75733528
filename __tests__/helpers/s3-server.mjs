// An S3-compatible server for tests (s3rver, in this process): 127.0.0.1 on a random port, its objects in
// a fresh temp folder, silent, the bucket already there. Plain ESM, so Jest's globalSetup can import it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";

// s3rver accepts any key pair; these only have to be the same on both sides.
const ACCESS_KEY_ID = "S3RVER";
const SECRET_ACCESS_KEY = "S3RVER";

export async function startS3Server({ bucket = "minimost-test" } = {}) {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "minimost-s3-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    directory,
    silent: true,
    // Requests name the bucket in the path (forcePathStyle), never in the host name.
    vhostBuckets: false,
    configureBuckets: [{ name: bucket }],
  });
  let address;
  try {
    address = await server.run();
  } catch (err) {
    fs.rmSync(directory, { recursive: true, force: true });
    throw err;
  }
  let closed = false;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket,
    accessKeyId: ACCESS_KEY_ID,
    secretAccessKey: SECRET_ACCESS_KEY,
    async close() {
      if (closed) return;
      closed = true;
      // The SDK keeps connections alive; without this close() would wait for them to time out.
      server.httpServer.closeAllConnections();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
