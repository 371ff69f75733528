import { GET as channelsRoute } from "@/app/(chat)/channels/route";
import { POST as presenceRoute } from "@/app/(chat)/presence/route";
import { GET as usersRoute } from "@/app/(chat)/users/route";
import { ApiError } from "@/lib/http/errors";
import { withUser } from "@/lib/http/route";
import { StoreError } from "@/lib/messages/sqlite/store";
import { call, newUser } from "./helpers/http";

let alice: string;
beforeAll(async () => {
  alice = await newUser("alice");
  await newUser("bob");
  await newUser("Carol");
});

describe("authentication", () => {
  it("answers anonymous API calls 401 unauthorized, whatever the method", async () => {
    for (const res of [
      await call(channelsRoute, "/channels"),
      await call(usersRoute, "/users"),
      await call(presenceRoute, "/presence", { json: { state: "active" } }),
      await call(channelsRoute, "/channels", { cookie: "next-auth.session-token=forged" }),
      await call(channelsRoute, "/channels", { headers: { authorization: "Bearer nonsense" } }),
    ]) {
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/json");
      expect(await res.json()).toEqual({ error: "unauthorized" });
    }
  });

  it("serves the first two endpoints to a signed-in user", async () => {
    expect(await (await call(channelsRoute, "/channels", { cookie: alice })).json()).toEqual(["general", "software", "off-topic"]);
    expect(await (await call(usersRoute, "/users", { cookie: alice })).json()).toEqual(["bob", "Carol"]);
  });
});

describe("cross-site requests (port decision 9)", () => {
  const post = (headers: Record<string, string>) =>
    call(presenceRoute, "/presence", { cookie: alice, json: { state: "idle" }, headers });

  it.each([
    [{ origin: "https://evil.example" }],
    [{ origin: "http://localhost:3001" }],
    [{ origin: "null" }],
    [{ "sec-fetch-site": "cross-site" }],
    [{ "sec-fetch-site": "cross-site", origin: "http://localhost:3000" }],
    // X-Forwarded-Host is the client's word unless the server is configured to sit behind a proxy.
    [{ origin: "http://evil.example", "x-forwarded-host": "evil.example" }],
    [{ origin: "https://chat.example.com", "x-forwarded-host": "chat.example.com" }],
  ])("refuses a state change with %j", async (headers) => {
    const res = await post(headers);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: "cross-site request refused" });
  });

  it.each([
    [{}],
    [{ origin: "http://localhost:3000" }],
    [{ "sec-fetch-site": "same-origin", origin: "http://localhost:3000" }],
  ])("lets %j through", async (headers) => {
    expect((await post(headers)).status).toBe(204);
  });

  describe("behind a proxy (TRUST_PROXY=1)", () => {
    beforeAll(() => {
      process.env.TRUST_PROXY = "1";
    });
    afterAll(() => {
      delete process.env.TRUST_PROXY;
    });

    it("takes the host from X-Forwarded-Host", async () => {
      expect((await post({ origin: "https://chat.example.com", "x-forwarded-host": "chat.example.com" })).status).toBe(204);
      expect((await post({ origin: "https://chat.example.com", "x-forwarded-host": "chat.example.com, proxy.internal" })).status).toBe(204);
      const res = await post({ origin: "http://evil.example", "x-forwarded-host": "chat.example.com" });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: "cross-site request refused" });
    });
  });

  it("never blocks reads", async () => {
    const res = await call(channelsRoute, "/channels", { cookie: alice, headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" } });
    expect(res.status).toBe(200);
  });
});

describe("responses", () => {
  it("carry the security headers", async () => {
    for (const res of [await call(channelsRoute, "/channels", { cookie: alice }), await call(channelsRoute, "/channels")]) {
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    }
  });

  it("close the connection after a 413, whose body may not have been read to its end", async () => {
    const res = await call(presenceRoute, "/presence", { cookie: alice, rawJson: JSON.stringify({ state: "x".repeat(2 * 1024 * 1024) }) });
    expect(res.status).toBe(413);
    expect(res.headers.get("connection")).toBe("close");
    expect((await call(channelsRoute, "/channels", { cookie: alice })).headers.get("connection")).toBeNull();
  });

  it("turn ApiError into its status and body, and anything unexpected into a logged 500", async () => {
    const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const plain = withUser(() => {
        throw new ApiError(409, "already a member");
      });
      const res = await call(plain, "/x", { cookie: alice });
      expect(res.status).toBe(409);
      expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await res.text()).toBe("already a member");
      expect(errors).not.toHaveBeenCalled();

      const broken = withUser(() => {
        throw new TypeError("boom");
      });
      const crash = await call(broken, "/x", { cookie: alice });
      expect(crash.status).toBe(500);
      expect(await crash.json()).toEqual({ error: "internal error" });
      expect(errors).toHaveBeenCalled();

      const store = withUser(() => {
        throw new StoreError("corrupt", "/data/users/x.db", "file is not a database");
      });
      const storeRes = await call(store, "/x", { cookie: alice });
      expect(storeRes.status).toBe(500);
      expect(await storeRes.json()).toEqual({ error: "message store unavailable" });
      // Logged with its stack, as every 5xx is.
      expect(errors).toHaveBeenCalledWith(expect.stringContaining("/data/users/x.db"), expect.objectContaining({ stack: expect.stringContaining("StoreError") }));
    } finally {
      errors.mockRestore();
    }
  });
});
