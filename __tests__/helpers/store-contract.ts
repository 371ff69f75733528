/**
 * The MessageStore contract: what every implementation must do, written against the port alone, so a
 * second implementation runs the same suite with one more `describeStoreContract(...)` line.
 *
 * Deliveries to a public channel or to everyone go to the registered accounts, a directory that lives
 * outside the port: the fixture's `register` puts an account there. Each test uses names of its own,
 * so the suite never depends on what other tests left behind.
 */
import { newRow, type MessageRow, type MessageStore } from "@/lib/messages";

export interface StoreFixture {
  store: MessageStore;
  /** Makes `user` a registered account (after the store has their view). */
  register(user: string): Promise<void>;
}

let serial = 0;
/** Names no other test uses: `u` + a counter + a letter (usernames), or a channel name. */
const fresh = (tag: string) => `${tag}${++serial}x`;

export function describeStoreContract(name: string, makeFixture: () => Promise<StoreFixture>) {
  describe(`MessageStore contract: ${name}`, () => {
    let fx: StoreFixture;
    let store: MessageStore;

    beforeAll(async () => {
      fx = await makeFixture();
      store = fx.store;
    });

    afterEach(async () => {
      await store.settled();
    });

    /** Registered users with views, named after the roles a test gives them. */
    async function users<Roles extends string[]>(...roles: Roles): Promise<{ [K in keyof Roles]: string }> {
      const names = roles.map((role) => fresh(role));
      for (const user of names) {
        await store.addUser(user);
        await fx.register(user);
      }
      return names as { [K in keyof Roles]: string };
    }

    async function row(channel: string, sender: string, content: string, ts: number, extra: Partial<MessageRow> = {}) {
      return newRow({ id: await store.allocateIds(1), channel, sender, content, ts, ...extra });
    }

    const dm = (a: string, b: string) => `dm:${[a, b].sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase())).join(":")}`;
    const contents = (rows: readonly { content: string }[]) => rows.map((r) => r.content);

    it("hands out consecutive global ids", async () => {
      const a = await store.allocateIds(1);
      const b = await store.allocateIds(3);
      expect(b).toBe(a + 1);
      expect(await store.allocateIds()).toBe(a + 4);
    });

    it("creates, finds and removes a user's view; creating twice keeps what it holds", async () => {
      const user = fresh("u");
      expect(await store.hasUser(user)).toBe(false);
      await store.addUser(user);
      expect(await store.hasUser(user)).toBe(true);
      const channel = dm(user, "someone");
      await store.deliverNow({ channel, audience: { kind: "users", users: [user] }, ops: [{ op: "insert", rows: [await row(channel, "someone", "kept", 10)] }] });
      await store.addUser(user);
      expect(contents(await store.changesAfter(user, channel, 0))).toEqual(["kept"]);
      await store.removeUser(user);
      expect(await store.hasUser(user)).toBe(false);
      await store.addUser(user);
      expect(await store.changesAfter(user, channel, 0)).toEqual([]);
    });

    it("shows a submitted write to every recipient on their next read, read only for readBy", async () => {
      const [alice, bob, carol] = await users("a", "b", "c");
      const channel = dm(alice, bob);
      const sent = await row(channel, alice, "hello bob", 100);
      await store.submit({ channel, audience: { kind: "users", users: [alice, bob] }, ops: [{ op: "insert", rows: [sent] }], readBy: [alice] });
      // No wait for the copies: the reads themselves must see the write.
      expect(await store.messageById(bob, sent.id)).toEqual({ ...sent, read: 0 });
      expect(await store.messageById(alice, sent.id)).toEqual({ ...sent, read: 1 });
      expect(await store.messageById(carol, sent.id)).toBeNull();
      expect(await store.changesAfter(carol, channel, 0)).toEqual([]);
    });

    it("never duplicates a write delivered twice", async () => {
      const [alice, bob] = await users("a", "b");
      const channel = dm(alice, bob);
      const sent = await row(channel, alice, "once", 100);
      const delivery = { channel, audience: { kind: "users" as const, users: [alice, bob] }, ops: [{ op: "insert" as const, rows: [sent] }] };
      await store.deliverNow(delivery);
      await store.deliverNow(delivery);
      expect(contents(await store.changesAfter(bob, channel, 0))).toEqual(["once"]);
      expect(await store.replayJournal()).toBe(0);
      expect(contents(await store.changesAfter(bob, channel, 0))).toEqual(["once"]);
    });

    it("reads a channel by change time, newest page and older pages, oldest first", async () => {
      const [alice, bob] = await users("a", "b");
      const channel = fresh("pub");
      const rows = [];
      for (let i = 0; i < 5; i++) rows.push(await row(channel, alice, `m${i}`, 1000 + i));
      await store.deliverNow({ channel, audience: { kind: "public", channel }, ops: [{ op: "insert", rows }] });
      expect(contents(await store.changesAfter(bob, channel, 0))).toEqual(["m0", "m1", "m2", "m3", "m4"]);
      expect(contents(await store.changesAfter(bob, channel, 1002))).toEqual(["m3", "m4"]);
      expect(contents(await store.newestChangesAfter(bob, channel, 0, 2))).toEqual(["m3", "m4"]);
      expect(contents(await store.newestChangesAfter(bob, channel, 1003, 10))).toEqual(["m4"]);
      expect(contents(await store.pageBefore(bob, channel, 1003, 2))).toEqual(["m1", "m2"]);
      expect(contents(await store.pageBefore(bob, channel, Infinity, 1))).toEqual(["m4"]);
      expect(await store.pageBefore(bob, channel, 1000, 10)).toEqual([]);

      // An edit moves the row's change time: a poll from before it sees the new text.
      await store.deliverNow({
        channel,
        audience: { kind: "public", channel },
        ops: [{ op: "patch", ids: [rows[1]!.id], set: { content: "m1 edited", edited: 1, edited_ts: 2000, updated_ts: 2000 } }],
      });
      const changed = await store.changesAfter(bob, channel, 1500);
      expect(changed).toEqual([expect.objectContaining({ id: rows[1]!.id, content: "m1 edited", edited: 1, edited_ts: 2000, updated_ts: 2000 })]);
    });

    it("keeps a public channel's archive, read by id, and copies it into a new view marked read", async () => {
      const [alice] = await users("a");
      const channel = fresh("pub");
      const rows = [];
      for (let i = 0; i < 4; i++) rows.push(await row(channel, alice, `p${i}`, 1000 + i));
      await store.submit({ channel, audience: { kind: "public", channel }, ops: [{ op: "insert", rows }] });
      // The archive has the write once submit resolves.
      expect(contents(await store.archiveAfterId(channel, 0, 10))).toEqual(["p0", "p1", "p2", "p3"]);
      expect(contents(await store.archiveAfterId(channel, rows[1]!.id, 10))).toEqual(["p2", "p3"]);
      expect(contents(await store.archiveAfterId(channel, rows[0]!.id, 2))).toEqual(["p1", "p2"]);
      expect(contents(await store.archiveNewest(channel, 2))).toEqual(["p2", "p3"]);
      expect(await store.archiveNewest(fresh("empty"), 5)).toEqual([]);

      const newcomer = fresh("n");
      await store.addUser(newcomer);
      expect(await store.copyPublicHistory(newcomer, [channel])).toBe(4);
      const copied = await store.changesAfter(newcomer, channel, 0);
      expect(contents(copied)).toEqual(["p0", "p1", "p2", "p3"]);
      expect(copied.every((r) => r.read === 1)).toBe(true);
      expect(copied.map((r) => r.id)).toEqual(rows.map((r) => r.id));
      expect(await store.copyPublicHistory(newcomer, [channel])).toBe(0);
    });

    it("reads a public channel's posts by id window, newest first, leaving out what is not a post", async () => {
      const [alice, bob] = await users("a", "b");
      const channel = fresh("pub");
      const audience = { kind: "public" as const, channel };
      const posts = [];
      for (let i = 0; i < 5; i++) posts.push(await row(channel, alice, `post ${i}`, 1000 + i));
      const deleted = await row(channel, alice, "deleted", 1005);
      const notice = await row(channel, "system", "a notice", 1006, { content_type: "system" });
      const attachment = await row(channel, alice, "", 1007, { filename: "f.png" });
      const anonymous = await row(channel, "", "from nobody", 1008, { agent: "Wget/1.0 <b>&amp;" });
      const last = await row(channel, bob, "last", 1009, { agent: "coincoin" });
      const rows = [...posts, deleted, notice, attachment, anonymous, last];
      await store.submit({ channel, audience, ops: [{ op: "insert", rows }], readBy: [alice] });
      await store.submit({ channel, audience, ops: [{ op: "patch", ids: [deleted.id], set: { deleted: 1, deleted_ts: 1010, updated_ts: 1010 } }] });

      // Once submit resolves, the newest N posts after afterId, newest first.
      const window = (afterId: number, beforeId: number | null, limit: number) => store.archivePosts(channel, afterId, beforeId, limit);
      expect(contents(await window(0, null, 3))).toEqual(["last", "from nobody", "post 4"]);
      expect(contents(await window(0, null, 100))).toEqual(["last", "from nobody", "post 4", "post 3", "post 2", "post 1", "post 0"]);
      expect(contents(await window(posts[2]!.id, null, 100))).toEqual(["last", "from nobody", "post 4", "post 3"]);
      expect(await window(last.id, null, 10)).toEqual([]);
      // beforeId pages down: the next older posts, still newest first; both bounds are exclusive.
      expect(contents(await window(0, posts[4]!.id, 2))).toEqual(["post 3", "post 2"]);
      expect(contents(await window(posts[0]!.id, posts[3]!.id, 10))).toEqual(["post 2", "post 1"]);
      expect(contents(await window(0, anonymous.id, 10))).toEqual(["post 4", "post 3", "post 2", "post 1", "post 0"]);
      expect(await window(0, posts[0]!.id, 10)).toEqual([]);
      expect(await window(0, null, 0)).toEqual([]);
      expect(await store.archivePosts(fresh("empty"), 0, null, 10)).toEqual([]);

      // The identity comes back raw, on the archive and in every view; web sends have none.
      const [newest, anon] = await window(anonymous.id - 1, null, 10);
      expect(newest).toEqual({ ...last, read: 0 });
      expect(anon).toEqual({ ...anonymous, read: 0 });
      expect(await store.messageById(bob, anonymous.id)).toEqual({ ...anonymous, read: 0 });
      expect(await store.messageById(alice, anonymous.id)).toEqual({ ...anonymous, read: 1 });
      expect((await store.messageById(bob, posts[0]!.id))?.agent).toBeNull();
      const newcomer = fresh("n");
      await store.addUser(newcomer);
      await store.copyPublicHistory(newcomer, [channel]);
      expect((await store.messageById(newcomer, last.id))?.agent).toBe("coincoin");
    });

    it("counts an anonymous post as someone else's, and never re-attributes it with an account", async () => {
      const [alice] = await users("a");
      const channel = fresh("pub");
      const audience = { kind: "public" as const, channel };
      const anonymous = await row(channel, "", `hi @${alice}`, 100, { agent: "coincoin", mentions: JSON.stringify([alice]) });
      await store.deliverNow({ channel, audience, ops: [{ op: "insert", rows: [anonymous] }] });
      expect(await store.unreadCounts(alice, [channel])).toEqual({ [channel]: 1 });
      expect(await store.mentionCounts(alice, [channel])).toEqual({ [channel]: 1 });
      await store.deliverNow({ channel: "*", audience: { kind: "everyone" }, ops: [{ op: "rename-sender", from: "", to: "deleteduser", at: 200 }] });
      await store.deliverNow({ channel: "*", audience: { kind: "everyone" }, ops: [{ op: "purge-sender", sender: "" }] });
      expect(await store.messageById(alice, anonymous.id)).toEqual(expect.objectContaining({ sender: "", agent: "coincoin" }));
      expect(await store.archivePosts(channel, 0, null, 10)).toEqual([expect.objectContaining({ id: anonymous.id, sender: "" })]);
      expect((await store.markChannelRead(alice, channel)).map((r) => r.id)).toEqual([anonymous.id]);
    });

    it("finds the user's own newest plain message in a channel, what a merging send appends to", async () => {
      const [alice, bob] = await users("a", "b");
      const channel = dm(alice, bob);
      const other = dm(alice, fresh("c"));
      const audience = { kind: "users" as const, users: [alice, bob] };
      expect(await store.mergeCandidate(alice, channel)).toBeNull();
      const plain = await row(channel, alice, "plain", 100);
      const newerPlain = await row(channel, alice, "newer plain", 101);
      const rows = [
        plain,
        newerPlain,
        await row(channel, alice, "a reply", 102, { reply_to_id: plain.id }),
        await row(channel, alice, "", 103, { filename: "f.png" }),
        await row(channel, bob, "bob's", 104),
        await row(other, alice, "elsewhere", 105),
      ];
      await store.deliverNow({ channel, audience, ops: [{ op: "insert", rows }] });
      expect(await store.mergeCandidate(alice, channel)).toEqual({ ...newerPlain, read: 0 });
      await store.deliverNow({ channel, audience, ops: [{ op: "patch", ids: [newerPlain.id], set: { deleted: 1, deleted_ts: 110, updated_ts: 110 } }] });
      expect((await store.mergeCandidate(alice, channel))?.id).toBe(plain.id);
      expect((await store.mergeCandidate(bob, channel))?.content).toBe("bob's");
    });

    it("finds a send's attachments and the live messages that carry a file", async () => {
      const [alice, bob] = await users("a", "b");
      const channel = dm(alice, bob);
      const first = await store.allocateIds(3);
      const base = { channel, sender: alice, ts: 500, unit_id: first };
      const rows = [
        newRow({ ...base, id: first, content: "with files" }),
        newRow({ ...base, id: first + 1, content: "", filename: "f1.png" }),
        newRow({ ...base, id: first + 2, content: "", filename: "f2.txt" }),
      ];
      const audience = { kind: "users" as const, users: [alice, bob] };
      await store.deliverNow({ channel, audience, ops: [{ op: "insert", rows }] });
      expect((await store.unitAttachments(bob, first)).sort()).toEqual(["f1.png", "f2.txt"]);
      expect(await store.channelsReferencing(bob, "f1.png")).toEqual([channel]);
      expect(await store.channelsReferencing(alice, "nothing.png")).toEqual([]);

      await store.deliverNow({ channel, audience, ops: [{ op: "patch-units", units: [first], set: { deleted: 1, deleted_ts: 600, updated_ts: 600 } }] });
      expect(await store.channelsReferencing(bob, "f1.png")).toEqual([]);
      expect((await store.changesAfter(bob, channel, 550)).map((r) => [r.id, r.deleted])).toEqual(rows.map((r) => [r.id, 1]));
    });

    it("counts unread messages and mentions of others, and marks a channel read", async () => {
      const [alice, bob] = await users("a", "b");
      const channel = fresh("pub");
      const rows = [
        await row(channel, alice, "plain", 100),
        await row(channel, alice, `hi @${bob}`, 101, { mentions: JSON.stringify([bob]) }),
        await row(channel, alice, "hi @everyone", 102, { mentions: JSON.stringify(["@everyone"]) }),
        await row(channel, bob, `my own @${bob}`, 103, { mentions: JSON.stringify([bob]) }),
        await row(channel, alice, "gone", 104, { mentions: JSON.stringify([bob]) }),
      ];
      await store.deliverNow({ channel, audience: { kind: "public", channel }, ops: [{ op: "insert", rows }], readBy: [alice] });
      await store.deliverNow({ channel, audience: { kind: "public", channel }, ops: [{ op: "patch", ids: [rows[4]!.id], set: { deleted: 1, deleted_ts: 105, updated_ts: 105 } }] });
      const other = fresh("pub");
      expect(await store.unreadCounts(bob, [channel, other])).toEqual({ [channel]: 3, [other]: 0 });
      expect(await store.unreadCounts(alice, [channel])).toEqual({ [channel]: 0 });
      expect(await store.unreadCounts(bob, [])).toEqual({});
      expect(await store.mentionCounts(bob, [channel, other])).toEqual({ [channel]: 2, [other]: 0 });

      const unread = await store.markChannelRead(bob, channel);
      // Every unread row of others, the deleted one included; the reader's own rows never count.
      expect(unread.map((r) => r.id).sort((a, b) => a - b)).toEqual([rows[0]!.id, rows[1]!.id, rows[2]!.id, rows[4]!.id]);
      expect(unread.find((r) => r.id === rows[0]!.id)?.ts).toBe(100);
      expect(await store.unreadCounts(bob, [channel])).toEqual({ [channel]: 0 });
      expect(await store.mentionCounts(bob, [channel])).toEqual({ [channel]: 0 });
      expect(await store.markChannelRead(bob, channel)).toEqual([]);
    });

    it("summarizes DMs newest first with unread counts, and hides one until a newer message", async () => {
      const [alice, bob, carol] = await users("a", "b", "c");
      const withBob = dm(alice, bob);
      const withCarol = dm(alice, carol);
      const send = async (channel: string, sender: string, other: string, content: string, ts: number) =>
        store.deliverNow({ channel, audience: { kind: "users", users: [alice, other] }, ops: [{ op: "insert", rows: [await row(channel, sender, content, ts, { mentions: JSON.stringify([alice]) })] }], readBy: [sender] });
      await send(withBob, bob, bob, "one", 100);
      await send(withBob, bob, bob, "two", 101);
      await send(withCarol, carol, carol, "three", 200);
      await send(withCarol, alice, carol, "mine", 201);
      expect(await store.dmSummaries(alice)).toEqual([
        { channel: withCarol, last: 201, unread: 1 },
        { channel: withBob, last: 101, unread: 2 },
      ]);
      expect(await store.dmUnreadTotal(alice)).toBe(3);
      expect(await store.mentionCounts(alice, [])).toEqual({ [withBob]: 2, [withCarol]: 1 });

      await store.hideDm(alice, withBob, 150);
      expect((await store.dmSummaries(alice)).map((d) => d.channel)).toEqual([withCarol]);
      // Hidden is not read.
      expect(await store.dmUnreadTotal(alice)).toBe(3);
      await send(withBob, bob, bob, "back", 300);
      expect((await store.dmSummaries(alice)).map((d) => d.channel)).toEqual([withBob, withCarol]);

      const empty = dm(alice, fresh("nobody"));
      await store.hideDm(alice, empty, 400);
      expect((await store.dmSummaries(alice)).map((d) => d.channel)).toEqual([withBob, withCarol]);
    });

    it("marks a reader's copy unread from one message on, moving unreads, mentions and DM counts back to it", async () => {
      const [alice, bob] = await users("a", "b");
      const channel = fresh("pub");
      const rows = [
        await row(channel, alice, "before", 100),
        await row(channel, alice, `from here @${bob}`, 101, { mentions: JSON.stringify([bob]) }),
        // Same time as the next one: the order is time, then id.
        await row(channel, bob, "bob's own", 102),
        await row(channel, alice, "after", 102),
        await row(channel, alice, "later", 103),
      ];
      const audience = { kind: "public", channel } as const;
      await store.deliverNow({ channel, audience, ops: [{ op: "insert", rows }], readBy: [alice] });
      await store.markChannelRead(bob, channel);
      expect(await store.unreadCounts(bob, [channel])).toEqual({ [channel]: 0 });

      // From the second message on: bob's own message stays as it was; the three of alice's are unread again.
      expect(await store.markUnreadFrom(bob, channel, { id: rows[1]!.id, ts: 101 })).toBe(3);
      expect(await store.unreadCounts(bob, [channel])).toEqual({ [channel]: 3 });
      expect(await store.mentionCounts(bob, [channel])).toEqual({ [channel]: 1 });
      // Only bob's copy: alice's view is untouched, and a repeat changes nothing.
      expect(await store.unreadCounts(alice, [channel])).toEqual({ [channel]: 0 });
      expect(await store.markUnreadFrom(bob, channel, { id: rows[1]!.id, ts: 101 })).toBe(0);
      // The rows read again by the next mark-read are exactly those.
      expect((await store.markChannelRead(bob, channel)).map((r) => r.id).sort((a, b) => a - b)).toEqual([rows[1]!.id, rows[3]!.id, rows[4]!.id]);

      // Same time, later id: the later message and what follows, not the one just before it at that time.
      expect(await store.markUnreadFrom(bob, channel, { id: rows[3]!.id, ts: 102 })).toBe(2);
      expect(await store.markChannelRead(bob, channel)).toHaveLength(2);

      // A DM: the DM unread total and the DM list move back too; another channel is never touched.
      const withAlice = dm(alice, bob);
      const dmRows = [await row(withAlice, alice, "one", 200), await row(withAlice, alice, "two", 201)];
      await store.deliverNow({ channel: withAlice, audience: { kind: "users", users: [alice, bob] }, ops: [{ op: "insert", rows: dmRows }], readBy: [alice] });
      await store.markChannelRead(bob, withAlice);
      expect(await store.dmUnreadTotal(bob)).toBe(0);
      expect(await store.markUnreadFrom(bob, withAlice, { id: dmRows[1]!.id, ts: 201 })).toBe(1);
      expect(await store.dmUnreadTotal(bob)).toBe(1);
      expect(await store.dmSummaries(bob)).toEqual([{ channel: withAlice, last: 201, unread: 1 }]);
      expect(await store.unreadCounts(bob, [channel])).toEqual({ [channel]: 0 });
    });

    it("searches the reader's own view, newest first, within what they may see", async () => {
      const [alice, bob] = await users("a", "b");
      const open = fresh("pub");
      const closed = fresh("pub");
      const direct = dm(alice, bob);
      const rows = [
        await row(open, alice, "The Quokka smiles", 100),
        await row(open, bob, "a quokka again", 101),
        await row(open, alice, "quokka deleted", 102),
        await row(closed, alice, "quokka where bob no longer looks", 103),
        await row(direct, alice, "quokka in private", 104),
        await row(open, alice, "ok 5% off_x", 105),
      ];
      await store.deliverNow({ channel: "*", audience: { kind: "users", users: [alice, bob] }, ops: [{ op: "insert", rows }] });
      await store.deliverNow({ channel: open, audience: { kind: "users", users: [alice, bob] }, ops: [{ op: "patch", ids: [rows[2]!.id], set: { deleted: 1, deleted_ts: 110, updated_ts: 110 } }] });
      const search = (filters: Partial<Parameters<MessageStore["search"]>[1]>) => store.search(bob, { visible: [open], limit: 50, ...filters });
      expect(contents(await search({ q: "QUOKKA" }))).toEqual(["quokka in private", "a quokka again", "The Quokka smiles"]);
      expect(await search({ q: "quokka", limit: 1 })).toEqual([{ id: rows[4]!.id, channel: direct, sender: alice, content: "quokka in private", ts: 104 }]);
      expect(contents(await search({ q: "quokka", from: bob.toUpperCase() }))).toEqual(["a quokka again"]);
      expect(contents(await search({ q: "quokka", channel: open }))).toEqual(["a quokka again", "The Quokka smiles"]);
      expect(contents(await search({ q: "quokka", start: 101, end: 104 }))).toEqual(["a quokka again"]);
      expect(contents(await search({ q: "5%" }))).toEqual(["ok 5% off_x"]);
      expect(contents(await search({ q: "_x" }))).toEqual(["ok 5% off_x"]);
      expect(await search({ q: "%%" })).toEqual([]);
      expect(contents(await search({ from: alice, channel: open }))).toEqual(["ok 5% off_x", "The Quokka smiles"]);
    });

    it("searches with several terms, phrases, exclusions, senders and channels, and gives neighbours on asking", async () => {
      const [alice, bob, carol] = await users("a", "b", "c");
      const open = fresh("pub");
      const other = fresh("pub");
      const rows = [
        await row(open, alice, "the red fern grows", 200),
        await row(open, carol, "a fern, red and tall", 201),
        await row(open, alice, "red fern is gone", 202),
        await row(other, carol, "fern on the other side", 203),
        await row(open, bob, "ok fern ok", 204),
        await row(open, alice, "no match here", 205),
      ];
      await store.deliverNow({ channel: "*", audience: { kind: "users", users: [alice, bob, carol] }, ops: [{ op: "insert", rows }] });
      await store.deliverNow({ channel: open, audience: { kind: "users", users: [alice, bob, carol] }, ops: [{ op: "patch", ids: [rows[5]!.id], set: { deleted: 1, deleted_ts: 210, updated_ts: 210 } }] });
      const search = (filters: Partial<Parameters<MessageStore["search"]>[1]>) => store.search(bob, { visible: [open, other], limit: 50, ...filters });
      expect(contents(await search({ terms: ["RED", "fern"] }))).toEqual(["red fern is gone", "a fern, red and tall", "the red fern grows"]);
      expect(contents(await search({ terms: ["red fern"] }))).toEqual(["red fern is gone", "the red fern grows"]);
      expect(contents(await search({ q: "fern", terms: ["red"], excluded: ["GONE", "tall"] }))).toEqual(["the red fern grows"]);
      // Short texts (LIKE) and indexed ones (trigrams) mix, included or excluded.
      expect(contents(await search({ terms: ["fern", "ok"] }))).toEqual(["ok fern ok"]);
      expect(contents(await search({ terms: ["fern"], excluded: ["ok", "red"] }))).toEqual(["fern on the other side"]);
      // Exclusions with no term to look up: the rows are walked newest first.
      expect(contents(await search({ channel: open, excluded: ["red fern"] }))).toEqual(["ok fern ok", "a fern, red and tall"]);
      expect(contents(await search({ senders: [carol.toUpperCase(), alice], excluded: ["red"] }))).toEqual(["fern on the other side"]);
      expect(contents(await search({ terms: ["fern"], from: bob, senders: [carol] }))).toEqual(["ok fern ok", "fern on the other side", "a fern, red and tall"]);
      expect(contents(await search({ terms: ["fern"], channels: [other, open], senders: [carol] }))).toEqual(["fern on the other side", "a fern, red and tall"]);
      expect(contents(await search({ terms: ["fern"], channel: other, channels: [] }))).toEqual(["fern on the other side"]);
      const line = (r: MessageRow) => ({ id: r.id, sender: r.sender, content: r.content, ts: r.ts });
      expect(await search({ terms: ["gone"], context: true })).toEqual([
        // The deleted row after it is not a neighbour.
        { id: rows[2]!.id, channel: open, sender: alice, content: "red fern is gone", ts: 202, context: { before: line(rows[1]!), after: line(rows[4]!) } },
      ]);
      expect((await search({ terms: ["other side"], context: true }))[0]?.context).toEqual({ before: null, after: null });
      expect((await search({ terms: ["the red"], context: true }))[0]?.context).toEqual({ before: null, after: line(rows[1]!) });
    });

    it("re-attributes or removes a sender's messages everywhere", async () => {
      const [alice, bob, gone] = await users("a", "b", "g");
      const channel = dm(alice, gone);
      const other = dm(bob, gone);
      await store.deliverNow({ channel, audience: { kind: "users", users: [alice, gone] }, ops: [{ op: "insert", rows: [await row(channel, gone, "from gone", 100)] }] });
      await store.deliverNow({ channel: other, audience: { kind: "users", users: [bob, gone] }, ops: [{ op: "insert", rows: [await row(other, gone, "also gone", 100)] }] });
      await store.deliverNow({ channel: "*", audience: { kind: "everyone" }, ops: [{ op: "rename-sender", from: gone, to: "deleteduser", at: 900 }] });
      expect(await store.changesAfter(alice, channel, 800)).toEqual([expect.objectContaining({ sender: "deleteduser", content: "from gone", updated_ts: 900 })]);
      await store.deliverNow({ channel: "*", audience: { kind: "everyone" }, ops: [{ op: "purge-sender", sender: "deleteduser" }] });
      expect(await store.changesAfter(alice, channel, 0)).toEqual([]);
      expect(await store.changesAfter(bob, other, 0)).toEqual([]);
    });

    it("purges messages sent before a time from every view and archive", async () => {
      const [alice, bob] = await users("a", "b");
      const channel = fresh("pub");
      // Far older than anything any other test writes.
      const ancient = await row(channel, alice, "ancient", 0.5);
      const recent = await row(channel, alice, "recent", 2);
      await store.deliverNow({ channel, audience: { kind: "users", users: [alice, bob] }, ops: [{ op: "insert", rows: [ancient, recent] }] });
      expect(await store.purgeBefore(1)).toBe(2);
      expect(contents(await store.changesAfter(bob, channel, 0))).toEqual(["recent"]);
      expect(await store.purgeBefore(1)).toBe(0);
    });

    it("reopens whatever it needs after close", async () => {
      const [alice, bob] = await users("a", "b");
      const channel = dm(alice, bob);
      await store.deliverNow({ channel, audience: { kind: "users", users: [alice, bob] }, ops: [{ op: "insert", rows: [await row(channel, alice, "still here", 100)] }] });
      await store.close();
      expect(contents(await store.changesAfter(bob, channel, 0))).toEqual(["still here"]);
      expect(await store.hasUser(bob)).toBe(true);
    });
  });
}
