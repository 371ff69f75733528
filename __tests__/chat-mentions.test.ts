// `GET /channel_mentions` (our addition): unread mentions of the caller per channel, for the
// sidebar's mention badges.
import { GET as channelMentionsRoute } from "@/app/(chat)/channel_mentions/route";
import { POST as leaveRoute } from "@/app/(chat)/private_channels/[id]/leave/route";
import { POST as createRoute } from "@/app/(chat)/private_channels/create/route";
import { del, expectJson, markRead, sendOk } from "./helpers/chat";
import { call, newUser } from "./helpers/http";
import { messageStore } from "@/lib/messages";

let alice: string;
let bob: string;
let carol: string;

beforeAll(async () => {
  alice = await newUser("alice");
  bob = await newUser("bob");
  carol = await newUser("carol");
});
afterEach(() => messageStore().settled());

async function mentions(cookie: string): Promise<Record<string, number>> {
  const res = await call(channelMentionsRoute, "/channel_mentions", { cookie });
  expect(res.status).toBe(200);
  return res.json();
}

it("counts unread mentions of me or everyone per channel, private channel and DM", async () => {
  const created = await call(createRoute, "/private_channels/create", { cookie: bob, json: { name: "plans", members: ["alice"] } });
  expect(created.status).toBe(200);
  const { channel: plans } = (await created.json()) as { channel: string };

  // Senders alternate, so no two of these are one sender's consecutive messages.
  await sendOk(bob, "general", "@alice can you look?");
  await sendOk(carol, "general", "nothing for anyone");
  await sendOk(bob, "general", "@Alice and again, spelled otherwise");
  await sendOk(carol, "general", "@carol talks to herself");
  await sendOk(bob, "software", "@everyone lunch");
  await sendOk(alice, "software", "@alice a note to self");
  await sendOk(bob, "off-topic", "just chatting");
  await sendOk(bob, plans, "@alice the plan");
  await sendOk(bob, "dm:alice:bob", "@alice psst");
  const retracted = await sendOk(carol, "off-topic", "@alice never mind");
  expect((await del(carol, retracted)).status).toBe(200);

  expect(await mentions(alice)).toEqual({ general: 2, software: 1, "off-topic": 0, [plans]: 1, "dm:alice:bob": 1 });
  // Carol's own @carol is not news to her; bob's @everyone is. She is in no private channel or DM.
  expect(await mentions(carol)).toEqual({ general: 0, software: 1, "off-topic": 0 });

  // Reading a channel clears its count, and only its count.
  expect((await markRead(alice, "general")).status).toBe(204);
  expect(await mentions(alice)).toEqual({ general: 0, software: 1, "off-topic": 0, [plans]: 1, "dm:alice:bob": 1 });

  // A private channel she left is no longer hers to count.
  const id = plans.slice("private:".length);
  expect((await call(leaveRoute, `/private_channels/${id}/leave`, { cookie: alice, method: "POST" }, { id })).status).toBe(200);
  expect(await mentions(alice)).toEqual({ general: 0, software: 1, "off-topic": 0, "dm:alice:bob": 1 });
});

it("answers 401 without a session", async () => {
  await expectJson(await call(channelMentionsRoute, "/channel_mentions"), 401, { error: "unauthorized" });
});
