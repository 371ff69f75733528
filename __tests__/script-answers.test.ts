// Answers a script can use (issue 15): with `Accept: application/json`, send answers 201 with the rows it
// wrote and edit, delete and react answer the changed row, each exactly as GET /messages shows it;
// without the header, the original's answers are unchanged.
import { POST as deleteRoute } from "@/app/(chat)/delete/[id]/route";
import { POST as sendRoute } from "@/app/(chat)/send/[channel]/route";
import { messageStore } from "@/lib/messages";
import { del, edit, expectJson, expectText, messages, react, ROW_KEYS, send, sendOk, type Row } from "./helpers/chat";
import { BASE, call, newUser } from "./helpers/http";

let alice: string;
let bob: string;

beforeAll(async () => {
  alice = await newUser("alice");
  bob = await newUser("bob");
});
afterEach(async () => {
  await messageStore().settled();
});

const JSON_ACCEPT = { headers: { accept: "application/json" } };

/** The row GET /messages shows `cookie` for this id. */
async function listed(cookie: string, channel: string, id: number): Promise<Row> {
  const row = (await messages(cookie, channel)).find((r) => r.id === id);
  expect(row).toBeDefined();
  return row!;
}

describe("POST /send with Accept: application/json", () => {
  it("answers 201 {id, ts, messages} with the rows as /messages shows them to the sender", async () => {
    const res = await send(alice, "general", { text: "hello @bob" }, JSON_ACCEPT);
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await res.json()) as { id: number; ts: number; messages: Row[] };
    expect(Object.keys(body).sort()).toEqual(["id", "messages", "ts"]);
    expect(res.headers.get("X-Message-Id")).toBe(String(body.id));
    expect(body.messages).toHaveLength(1);
    expect(Object.keys(body.messages[0]!).sort()).toEqual(ROW_KEYS);
    expect(body.messages).toEqual([await listed(alice, "general", body.id)]);
    expect(body.ts).toBe(body.messages[0]!.ts);
    expect(body.messages[0]).toMatchObject({ content: "hello @bob", sender: "alice", mentions: JSON.stringify(["bob"]) });
  });

  it("lists every row of a send with attachments, in order", async () => {
    const form = new FormData();
    form.set("text", "two files");
    form.append("files", new Blob(["one"]), "one.txt");
    form.append("files", new Blob(["two"]), "two.txt");
    const res = await sendRoute(
      new Request(`${BASE}/send/general`, { method: "POST", body: form, headers: { cookie: alice, accept: "application/json" } }),
      { params: Promise.resolve({ channel: "general" }) },
    );
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: number; ts: number; messages: Row[] };
    expect(body.messages.map((r) => r.id)).toEqual([body.id, body.id + 1, body.id + 2]);
    const all = await messages(alice, "general");
    expect(body.messages).toEqual(body.messages.map((r) => all.find((x) => x.id === r.id)));
    expect(body.messages.map((r) => r.filename === null)).toEqual([true, false, false]);
  });

  it("a command's post (/me) comes back as its stored row; a command that posts nothing answers its notice", async () => {
    const res = await send(alice, "general", { text: "/me nods" }, JSON_ACCEPT);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: number; messages: Row[] };
    expect(body.messages).toEqual([await listed(alice, "general", body.id)]);
    expect(body.messages[0]!.content).toBe("*nods*");
    await expectJson(await send(alice, "general", { text: "/online" }, JSON_ACCEPT), 200, { ephemeral: "You are shown as online." });
  });

  it("refusals keep their answers: empty is the original's plain 400, an unknown command JSON", async () => {
    await expectText(await send(alice, "general", { text: "   " }, JSON_ACCEPT), 400, "empty");
    await expectJson(await send(alice, "general", { text: "/nope" }, JSON_ACCEPT), 400, { error: "unknown command /nope — /help lists the commands" });
  });

  it("`*/*` and other types are not a request for JSON: the original's `ok`", async () => {
    for (const accept of ["*/*", "text/html,application/xhtml+xml,*/*;q=0.8", "application/json;q=0"]) {
      const res = await send(alice, "general", { text: `accept ${accept}` }, { headers: { accept } });
      await expectText(res, 200, "ok");
    }
  });
});

describe("edit, delete and react with Accept: application/json", () => {
  it("edit answers 200 {message: row} with the new text, as /messages shows it", async () => {
    const id = await sendOk(alice, "general", "first words");
    const res = await edit(alice, id, { form: { text: "second words" }, ...JSON_ACCEPT });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { message: Row };
    expect(Object.keys(body)).toEqual(["message"]);
    expect(body.message).toEqual(await listed(alice, "general", id));
    expect(body.message).toMatchObject({ content: "second words", edited: 1 });
  });

  it("react answers the row with the reaction; a second toggle answers it without", async () => {
    const id = await sendOk(bob, "general", "react to me");
    const on = (await (await react(alice, id, { form: { reaction: "thumbsup" }, ...JSON_ACCEPT })).json()) as { message: Row };
    expect(on.message).toEqual(await listed(alice, "general", id));
    expect(JSON.parse(on.message.reactions!)).toEqual({ thumbsup: ["alice"] });
    const off = await react(alice, id, { form: { reaction: "thumbsup" }, ...JSON_ACCEPT });
    expect(off.status).toBe(200);
    const offBody = (await off.json()) as { message: Row };
    expect(offBody.message).toEqual(await listed(alice, "general", id));
  });

  it("delete answers the tombstone as /messages shows it", async () => {
    const id = await sendOk(alice, "general", "soon gone");
    const res = await call(deleteRoute, `/delete/${id}`, { cookie: alice, method: "POST", ...JSON_ACCEPT }, { id: String(id) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { message: Row };
    expect(body.message).toEqual(await listed(alice, "general", id));
    expect(body.message).toMatchObject({ deleted: 1, content: "", filename: null });
  });

  it("refusals are unchanged: someone else's message or an unknown id answer as without the header", async () => {
    const id = await sendOk(alice, "general", "mine");
    await expectText(await edit(bob, id, { form: { text: "hijack" }, ...JSON_ACCEPT }), 403, "forbidden");
    const plain = await edit(alice, 999999999, "x");
    const asked = await edit(alice, 999999999, { form: { text: "x" }, ...JSON_ACCEPT });
    expect({ status: asked.status, body: await asked.text() }).toEqual({ status: plain.status, body: await plain.text() });
    expect((await listed(alice, "general", id)).content).toBe("mine");
  });
});

describe("without the header, the original's answers", () => {
  it("send `ok` with X-Message-Id, edit and delete `ok`, react the reaction map", async () => {
    const id = await sendOk(alice, "general", "plain answers");
    await expectText(await edit(alice, id, "plain answers, edited"), 200, "ok");
    await expectJson(await react(bob, id, "heart"), 200, { heart: ["bob"] });
    await expectText(await del(alice, id), 200, "ok");
  });
});
