// One error taxonomy: domain errors map to today's exact answers, and every body schema keeps the
// answer its route gave before schemas (status, content type and bytes).
import { POST as deleteAccountRoute } from "@/app/(chat)/delete_account/route";
import { POST as closeDmRoute } from "@/app/(chat)/dms/close/route";
import { GET as messagesRoute } from "@/app/(chat)/messages/[channel]/route";
import { POST as presenceRoute } from "@/app/(chat)/presence/route";
import { POST as overrideRoute } from "@/app/(chat)/presence/override/route";
import { POST as addMemberRoute } from "@/app/(chat)/private_channels/[id]/add_member/route";
import { POST as renameRoute } from "@/app/(chat)/private_channels/[id]/rename/route";
import { POST as createRoute } from "@/app/(chat)/private_channels/create/route";
import { GET as searchRoute } from "@/app/(chat)/search_messages/route";
import { POST as settingsRoute } from "@/app/(chat)/settings/route";
import { POST as loginRoute } from "@/app/api/login/route";
import { POST as signupRoute } from "@/app/api/signup/route";
import { POST as changePasswordRoute } from "@/app/change-password/route";
import { conflict, DomainError, forbidden, invalid, notFound, tooLarge, unauthorized, type ErrorCode } from "@/lib/errors";
import { errorResponse } from "@/lib/http/route";
import { isUnreachable } from "@/lib/http/errors";
import { parseInput } from "@/lib/schemas";
import { settingsBody } from "@/lib/chat/schemas";
import { call, newUser, PASSWORD } from "./helpers/http";

async function answer(res: Response) {
  return { status: res.status, type: res.headers.get("content-type"), body: await res.text() };
}

const plain = (status: number, body: string) => ({ status, type: "text/plain; charset=utf-8", body });
const json = (status: number, error: string) => ({ status, type: "application/json", body: JSON.stringify({ error }) });

describe("the mapping in lib/http", () => {
  it.each<[ErrorCode, number]>([
    ["invalid", 400],
    ["unauthorized", 401],
    ["forbidden", 403],
    ["not_found", 404],
    ["conflict", 409],
    ["too_large", 413],
    ["unsupported", 415],
    ["rate_limited", 429],
  ])("answers %s with %i", async (code, status) => {
    expect((await answer(errorResponse(new DomainError(code, "why")))).status).toBe(status);
  });

  it("sends the original's plain answers as bare text and ours as {error}", async () => {
    expect(await answer(errorResponse(forbidden()))).toEqual(plain(403, "forbidden"));
    expect(await answer(errorResponse(notFound()))).toEqual(plain(404, "not found"));
    expect(await answer(errorResponse(notFound("user not found")))).toEqual(plain(404, "user not found"));
    expect(await answer(errorResponse(invalid("empty", "plain")))).toEqual(plain(400, "empty"));
    expect(await answer(errorResponse(tooLarge("file too large (max 25 MB)", "plain")))).toEqual(plain(413, "file too large (max 25 MB)"));
    expect(await answer(errorResponse(invalid("before must be a number of seconds")))).toEqual(json(400, "before must be a number of seconds"));
    expect(await answer(errorResponse(conflict("User already exists")))).toEqual(json(409, "User already exists"));
    expect(await answer(errorResponse(unauthorized()))).toEqual(json(401, "unauthorized"));
    expect(await answer(errorResponse(forbidden("Incorrect password.", "json")))).toEqual(json(403, "Incorrect password."));
  });

  it("turns a schema failure into the first failed check's answer", () => {
    expect(() => parseInput(settingsBody, { name_color: 7, bio: 7 })).toThrow(new DomainError("invalid", "invalid color", "plain"));
    const bio = (() => {
      try {
        parseInput(settingsBody, { bio: 7 });
      } catch (err) {
        return err;
      }
    })();
    expect(bio).toEqual(new DomainError("invalid", "bio must be a string or null", "json"));
    expect((bio as DomainError).style).toBe("json");
    expect(parseInput(settingsBody, { name_color: null, extra: 1 })).toEqual({ name_color: null });
  });
});

describe("bad bodies keep their answers", () => {
  let alice: string;
  let privateId: string;
  beforeAll(async () => {
    alice = await newUser("alice");
    await newUser("bob");
    const res = await call(createRoute, "/private_channels/create", { cookie: alice, json: { name: "team", members: ["bob"] } });
    privateId = String(((await res.json()) as { id: number }).id);
  });

  it("POST /private_channels/create checks the name first, then the members", async () => {
    const create = (json: unknown) => call(createRoute, "/private_channels/create", { cookie: alice, json });
    expect(await answer(await create({ members: 5 }))).toEqual(plain(400, "name required"));
    expect(await answer(await create({ name: 5, members: ["bob"] }))).toEqual(plain(400, "name required"));
    expect(await answer(await create({ name: "x\u202e", members: 5 }))).toEqual(plain(400, "channel name contains a control or formatting character (U+202E)"));
    expect(await answer(await create({ name: "x", members: 5 }))).toEqual(plain(400, "members must be a list of usernames"));
    expect(await answer(await create({ name: "x", members: ["bob", 1] }))).toEqual(plain(400, "members must be a list of usernames"));
    expect(await answer(await create({ name: "x", members: ["nobody"] }))).toEqual(plain(404, "user not found"));
    expect((await create({ name: "x", members: null })).status).toBe(200);
  });

  it("POST /private_channels/<id>/rename and add_member read a non-string as empty, after the membership check", async () => {
    expect(await answer(await call(renameRoute, "/rename", { cookie: alice, json: { name: 5 } }, { id: privateId }))).toEqual(plain(400, "name required"));
    expect(await answer(await call(addMemberRoute, "/add", { cookie: alice, json: { username: [] } }, { id: privateId }))).toEqual(
      plain(400, "username required"),
    );
    expect(await answer(await call(addMemberRoute, "/add", { cookie: alice, json: { username: "bob" } }, { id: privateId }))).toEqual(
      plain(409, "already a member"),
    );
    const carol = await newUser("carol");
    expect(await answer(await call(renameRoute, "/rename", { cookie: carol, json: { name: 5 } }, { id: privateId }))).toEqual(plain(403, "forbidden"));
  });

  it("POST /settings answers a bad colour in plain text and a bad bio in JSON", async () => {
    const post = (json: unknown) => call(settingsRoute, "/settings", { cookie: alice, json });
    expect(await answer(await post({ name_color: 5 }))).toEqual(plain(400, "invalid color"));
    expect(await answer(await post({ name_color: "red" }))).toEqual(plain(400, "invalid color"));
    expect(await answer(await post({ bio: 5 }))).toEqual(json(400, "bio must be a string or null"));
    expect(await answer(await post({ bio: "a\u0000b" }))).toEqual(json(400, "bio contains a control or formatting character (U+0000)"));
    expect(await answer(await post({ name_color: "#112233" }))).toEqual({ status: 200, type: "text/plain; charset=utf-8", body: "ok" });
  });

  it("POST /dms/close, /presence and /presence/override", async () => {
    expect(await answer(await call(closeDmRoute, "/dms/close", { cookie: alice, json: { channel: 5 } }))).toEqual(plain(400, "invalid channel"));
    expect(await answer(await call(closeDmRoute, "/dms/close", { cookie: alice, json: { channel: "general" } }))).toEqual(plain(400, "invalid channel"));
    expect(await answer(await call(presenceRoute, "/presence", { cookie: alice, json: { state: "away" } }))).toEqual(
      json(400, "state must be one of active, idle, hidden, offline"),
    );
    expect(await answer(await call(overrideRoute, "/presence/override", { cookie: alice, json: {} }))).toEqual(
      json(400, 'override must be one of active, idle, offline, "auto" or null'),
    );
    expect((await call(overrideRoute, "/presence/override", { cookie: alice, json: { override: "auto" } })).status).toBe(204);
  });

  it("POST /delete_account checks the type, then the password", async () => {
    const post = (json: unknown) => call(deleteAccountRoute, "/delete_account", { cookie: alice, json });
    expect(await answer(await post({ type: "all", password: PASSWORD }))).toEqual(json(400, "Invalid delete type."));
    expect(await answer(await post({ type: "soft", password: 5 }))).toEqual(json(403, "Incorrect password."));
    expect(await answer(await post({ type: "hard" }))).toEqual(json(403, "Incorrect password."));
  });

  it("the account routes answer the domain's failures as they did with FormError", async () => {
    const signup = (form: Record<string, string>) => call(signupRoute, "/api/signup", { json: form });
    expect(await answer(await signup({ username: "bob", password: PASSWORD, confirm_password: PASSWORD }))).toEqual(json(409, "User already exists"));
    expect(await answer(await signup({ username: "dora", password: "short", confirm_password: "short" }))).toEqual(
      json(400, "Password must be at least 8 characters"),
    );
    expect(await answer(await call(loginRoute, "/api/login", { json: { username: "bob", password: "wrong" } }))).toEqual(json(401, "Invalid credentials"));
    const change = (form: Record<string, string>) => call(changePasswordRoute, "/change-password", { cookie: alice, json: form });
    expect(await answer(await change({ current_password: "wrong", new_password: "N3w-passw0rd", confirm_password: "N3w-passw0rd" }))).toEqual(
      json(400, "Current password is incorrect"),
    );
  });

  it("GET /messages checks access before the query, then limit, then before", async () => {
    const get = (channel: string, query: string) => call(messagesRoute, `/messages/${channel}?${query}`, { cookie: alice }, { channel });
    expect(await answer(await get("private:999", "limit=abc"))).toEqual(plain(403, "forbidden"));
    expect(await answer(await get("general", "limit=0&before=x"))).toEqual(json(400, "limit must be an integer from 1 to 1000"));
    expect(await answer(await get("general", "limit=1001"))).toEqual(json(400, "limit must be an integer from 1 to 1000"));
    expect(await answer(await get("general", "limit=5&before=%20"))).toEqual(json(400, "before must be a number of seconds"));
    expect(await answer(await get("general", "before=abc"))).toEqual(json(400, "before must be a number of seconds"));
    expect((await get("general", "after=nonsense")).status).toBe(200);
    expect((await get("general", "after=0&limit=5&before=1e12")).status).toBe(200);
  });

  it("GET /search_messages ignores numbers it cannot read", async () => {
    const res = await call(searchRoute, "/search_messages?start=abc&end=&q=%20", { cookie: alice });
    expect(await answer(res)).toEqual({ status: 200, type: "application/json", body: "[]" });
  });
});

describe("an engine that cannot be reached", () => {
  const withCode = (code: string, message = "failed") => Object.assign(new Error(message), { code });

  it("is told apart from a bug: sockets refused or cut, PostgreSQL shutting down, Prisma unable to connect, wrapped or not", () => {
    expect(isUnreachable(withCode("ECONNREFUSED"))).toBe(true);
    expect(isUnreachable(withCode("57P01", "terminating connection due to administrator command"))).toBe(true);
    expect(isUnreachable(withCode("08006"))).toBe(true);
    expect(isUnreachable(withCode("P1001"))).toBe(true);
    expect(isUnreachable(new Error("blob x: failed", { cause: withCode("ETIMEDOUT") }))).toBe(true);
    expect(isUnreachable(new AggregateError([withCode("ECONNREFUSED"), withCode("ECONNREFUSED")]))).toBe(true);
    expect(isUnreachable(new Error("AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:1"))).toBe(true);
  });

  it("is not claimed for ordinary failures, which stay 500s to be fixed", () => {
    expect(isUnreachable(withCode("P2002"))).toBe(false);
    expect(isUnreachable(withCode("23505"))).toBe(false);
    expect(isUnreachable(new Error("ECONNREFUSED is a word in this message"))).toBe(false);
    expect(isUnreachable(new AggregateError([withCode("ECONNREFUSED"), new Error("other")]))).toBe(false);
    expect(isUnreachable(null)).toBe(false);
  });
});
