// /healthz and /readyz (issue 14): what a load balancer asks before it sends an instance traffic.
import fs from "node:fs";
import path from "node:path";
import { GET as healthz } from "@/app/healthz/route";
import { GET as readyz } from "@/app/readyz/route";
import { call } from "./helpers/http";

describe("GET /healthz", () => {
  it("answers 200 while the process serves, never cached, with no session", async () => {
    const res = await call(healthz, "/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("GET /readyz", () => {
  it("answers 200 with every check when the database, the message store, the uploads' store (and Redis, when configured) answer", async () => {
    const res = await call(readyz, "/readyz");
    expect(res.status).toBe(200);
    const redis = process.env.REDIS_URL ? { redis: "ok" } : {};
    expect(await res.json()).toEqual({ status: "ready", checks: { database: "ok", messages: "ok", uploads: "ok", ...redis } });
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("answers 503 naming what failed when the uploads' store cannot be used, and 200 again once it can", async () => {
    const onS3 = !!process.env.S3_BUCKET;
    const variable = onS3 ? "S3_ENDPOINT" : "UPLOAD_DIR";
    const previous = process.env[variable];
    const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      if (onS3) {
        // Nothing listens on port 1.
        process.env.S3_ENDPOINT = "http://127.0.0.1:1";
      } else {
        // A path below a file: no folder can be made there.
        const file = path.join(process.env.DATA_DIR!, "a-file");
        fs.writeFileSync(file, "");
        process.env.UPLOAD_DIR = path.join(file, "uploads");
      }
      const res = await call(readyz, "/readyz");
      expect(res.status).toBe(503);
      const body = await res.json();
      expect(body.status).toBe("not ready");
      expect(body.checks).toMatchObject({ database: "ok", messages: "ok", uploads: expect.stringMatching(onS3 ? /^failed: / : /^failed: ENOTDIR/) });
    } finally {
      process.env[variable] = previous;
      errors.mockRestore();
    }
    expect((await call(readyz, "/readyz")).status).toBe(200);
  });
});
