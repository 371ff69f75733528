// The chat page's first-screen data must be exactly what the client's own requests would answer:
// it seeds the client's cache under those request paths.
import { GET as channelMentionsRoute } from "@/app/(chat)/channel_mentions/route";
import { GET as channelMembersRoute } from "@/app/(chat)/channel_members/[channel]/route";
import { GET as channelUnreadsRoute } from "@/app/(chat)/channel_unreads/route";
import { GET as dmsRoute } from "@/app/(chat)/dms/route";
import { GET as onlineRoute } from "@/app/(chat)/online_users/route";
import { POST as createRoute } from "@/app/(chat)/private_channels/create/route";
import { GET as privateListRoute } from "@/app/(chat)/private_channels/route";
import { GET as receiptsRoute } from "@/app/(chat)/read_receipts/[channel]/route";
import { GET as typingRoute, POST as typingPost } from "@/app/(chat)/typing/[channel]/route";
import { GET as unreadCountRoute } from "@/app/(chat)/unread_count/route";
import { GET as avatarsRoute } from "@/app/(chat)/user_avatars/route";
import { GET as userColorsRoute } from "@/app/(chat)/user_colors/route";
import { GET as usersRoute } from "@/app/(chat)/users/route";
import { bootstrap } from "@/lib/chat/bootstrap";
import { markRead, messages, react, sendOk } from "./helpers/chat";
import { call, newUser } from "./helpers/http";
import { useSettings } from "./helpers/settings";
import { messageStore } from "@/lib/messages";

afterEach(() => messageStore().settled());

it("answers each of the client's start-up requests exactly as the API does", async () => {
  const alice = await newUser("alice");
  const bob = await newUser("bob");
  const hello = await sendOk(bob, "general", "hello @alice");
  await react(alice, hello, "thumbsup");
  await markRead(alice, "general");
  await sendOk(bob, "dm:alice:bob", "psst");
  await sendOk(bob, "software", "@alice over here");
  await call(createRoute, "/private_channels/create", { cookie: bob, json: { name: "plans", members: ["alice"] } });
  await call(typingPost, "/typing/general", { cookie: bob }, { channel: "general" });

  const first = await bootstrap("alice", "general");
  const routes: Record<string, [Parameters<typeof call>[0], Record<string, string>?]> = {
    "/channel_unreads": [channelUnreadsRoute],
    "/channel_mentions": [channelMentionsRoute],
    "/private_channels": [privateListRoute],
    "/dms": [dmsRoute],
    "/online_users": [onlineRoute],
    "/unread_count": [unreadCountRoute],
    "/user_colors": [userColorsRoute],
    "/user_avatars": [avatarsRoute],
    "/users": [usersRoute],
    "/channel_members/general": [channelMembersRoute, { channel: "general" }],
    "/read_receipts/general": [receiptsRoute, { channel: "general" }],
    "/typing/general": [typingRoute, { channel: "general" }],
  };
  expect(Object.keys(first.fallback).sort()).toEqual(Object.keys(routes).sort());
  for (const [path, [handler, params]] of Object.entries(routes)) {
    const res = await call(handler, path, { cookie: alice }, params);
    expect(res.status).toBe(200);
    expect([path, first.fallback[path]]).toEqual([path, await res.json()]);
  }
  expect(first.fallback["/typing/general"]).toEqual(["bob"]);
  expect(first.fallback["/channel_mentions"]).toMatchObject({ general: 0, software: 1 });
  expect(first.messages).toEqual(await messages(alice, "general"));
  expect(first.messages.map((m) => m.content)).toContain("hello @alice");
});

it("tells the client how close one sender's messages must be to share a header", async () => {
  await newUser("grace");
  expect((await bootstrap("grace", "general")).mergeWindowSeconds).toBe(300);
  useSettings({ merge_window_seconds: 45 });
  expect((await bootstrap("grace", "general")).mergeWindowSeconds).toBe(45);
  useSettings({ merge_window_seconds: 0 });
  expect((await bootstrap("grace", "general")).mergeWindowSeconds).toBe(0);
  useSettings({});
});

it("tells the client the tribune's time zone, which norloges are read in", async () => {
  await newUser("heidi");
  expect((await bootstrap("heidi", "general")).tribuneTimeZone).toBe("UTC");
  useSettings({ tribune: { time_zone: "Europe/Paris" } });
  expect((await bootstrap("heidi", "general")).tribuneTimeZone).toBe("Europe/Paris");
  useSettings({});
});
