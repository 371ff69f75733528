// The wire types the web client is compiled against (lib/chat/wire.ts) name exactly the fields the
// server answers with: a field added, renamed or dropped on one side fails here.
import { GET as dmsRoute } from "@/app/(chat)/dms/route";
import { POST as createRoute } from "@/app/(chat)/private_channels/create/route";
import { GET as privateListRoute } from "@/app/(chat)/private_channels/route";
import type { ApiMessage, DmEntry, PrivateChannelEntry, SearchHit } from "@/lib/chat/wire";
import { messages, search, sendOk } from "./helpers/chat";
import { call, newUser } from "./helpers/http";
import { messageStore } from "@/lib/messages";

// `satisfies` makes the compiler hold each list to its type: every field named, nothing extra.
const MESSAGE_FIELDS = {
  channel: true, content: true, content_type: true, deleted: true, deleted_ts: true, edited: true, edited_ts: true, filename: true,
  id: true, mentions: true, reactions: true, reactions_ts: true, reply_to_id: true, sender: true, ts: true, updated_ts: true, agent: true,
  root_id: true, thread_only: true, reply_count: true, last_reply_ts: true, participants: true,
} satisfies Record<keyof ApiMessage, true>;
const SEARCH_HIT_FIELDS = { id: true, channel: true, sender: true, content: true, ts: true, context: true } satisfies Record<keyof SearchHit, true>;
const DM_FIELDS = { channel: true, users: true, unread: true } satisfies Record<keyof DmEntry, true>;
const PRIVATE_FIELDS = { id: true, channel: true, name: true, unread: true, members: true } satisfies Record<keyof PrivateChannelEntry, true>;

const fields = (shape: object) => Object.keys(shape).sort();

let alice: string;
let bob: string;

beforeAll(async () => {
  alice = await newUser("alice");
  bob = await newUser("bob");
});
afterEach(() => messageStore().settled());

describe("the client's wire types", () => {
  it("name every field of a /messages row and a /search_messages hit", async () => {
    await sendOk(alice, "general", "wire shapes agree");
    const rows = await messages(alice, "general");
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(fields(row)).toEqual(fields(MESSAGE_FIELDS));
    // `context` comes only when asked for (context=1, as the web client does).
    expect(fields((await search(alice, { q: "wire shapes" }))[0]!)).toEqual(fields(SEARCH_HIT_FIELDS).filter((f) => f !== "context"));
    const hits = await search(alice, { q: "wire shapes", context: "1" });
    expect(hits.length).toBe(1);
    expect(fields(hits[0]!)).toEqual(fields(SEARCH_HIT_FIELDS));
  });

  it("name every field of a /dms and a /private_channels entry", async () => {
    await sendOk(bob, "dm:alice:bob", "a direct message");
    const created = await call(createRoute, "/private_channels/create", { cookie: alice, json: { name: "wired", members: ["bob"] } });
    expect(created.status).toBe(200);
    const dms = (await (await call(dmsRoute, "/dms", { cookie: alice })).json()) as object[];
    expect(dms.length).toBe(1);
    expect(fields(dms[0]!)).toEqual(fields(DM_FIELDS));
    const privates = (await (await call(privateListRoute, "/private_channels", { cookie: alice })).json()) as object[];
    expect(privates.length).toBe(1);
    expect(fields(privates[0]!)).toEqual(fields(PRIVATE_FIELDS));
  });
});
