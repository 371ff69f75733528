import { cleanup, fireEvent, render, screen, waitFor, within } from "./helpers/ui";
import { ThreadPage, type ThreadPageProps } from "@/app/_components/boards/thread-view";
import type { PostView, ThreadView } from "@/app/_components/boards/types";

/**
 * The thread page in jsdom against a fake server: what a reader sees (quote previews, quotes,
 * links, inert markup, images that expand), what an author and an admin can do in place (edit,
 * delete, lock), refusals shown beside the form, and replies arriving by polling.
 */
interface Sent {
  url: string;
  body: string;
  accept: string | null;
}

let sent: Sent[];
let polls: string[];
/** Answers to POSTs, by URL ending; a GET of `…/posts?after=` answers `newPosts` once. */
let answers: Record<string, { status: number; body: unknown; headers?: Record<string, string> }>;
let newPosts: PostView[];

function fakeResponse(status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    ok: status >= 200 && status < 300,
    status,
    headers: { get: (name: string) => lower[name.toLowerCase()] ?? null },
    text: async () => text,
    json: async () => JSON.parse(text),
  } as unknown as Response;
}

const post = (id: number, content: string, extra: Partial<PostView> = {}): PostView => ({
  id,
  content,
  author: "bob",
  created: "2026-12-03 12:00:00",
  edited_ts: null,
  deleted: false,
  image_url: null,
  thumbnail_url: null,
  ...extra,
});

const thread: ThreadView = {
  id: 1, board: "tech", title: "Welcome to Tech Board", author: "bob", created: "2026-12-03 12:00:00",
  bumped: "2026-12-03 12:00:00", replies: 1, images: 0, sticky: false, locked: false,
};

function renderThread(extra: Partial<ThreadPageProps> = {}) {
  return render(
    <ThreadPage
      thread={thread}
      posts={[post(1, "This is the first post on tech board!"), post(2, ">>1 agreed\n>be me\nmore at https://example.com/a", { author: "alice" })]}
      viewer={{ me: "alice", admin: false }}
      boards={[{ slug: "tech", title: "Tech" }, { slug: "random", title: "Random" }]}
      upload={{ mb: 2, tooLarge: "File is too large (max 2MB)." }}
      {...extra}
    />,
  );
}

const postEl = (id: number) => document.getElementById(`p${id}`) as HTMLElement;

beforeEach(() => {
  sent = [];
  polls = [];
  answers = {};
  newPosts = [];
  global.fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (init?.method === "POST") {
      sent.push({ url, body: String(init.body instanceof FormData ? [...init.body.keys()].join("&") : init.body), accept: new Headers(init.headers).get("Accept") });
      const key = Object.keys(answers).find((k) => url.endsWith(k));
      const answer = key ? answers[key]! : { status: 500, body: { error: "no answer set" } };
      return fakeResponse(answer.status, answer.body, answer.headers);
    }
    polls.push(url);
    const fresh = newPosts;
    newPosts = [];
    return fakeResponse(200, fresh);
  }) as unknown as typeof fetch;
});

afterEach(cleanup);

describe("reading a thread", () => {
  it("previews the quoted post on hover of >>1, and hides it again", () => {
    renderThread();
    const ref = within(postEl(2)).getByRole("link", { name: ">>1" });
    expect(ref).toHaveAttribute("href", "#p1");
    expect(screen.queryByRole("tooltip")).toBeNull();
    fireEvent.mouseEnter(ref);
    const preview = screen.getByRole("tooltip");
    expect(preview).toHaveTextContent("This is the first post on tech board!");
    expect(preview).toHaveTextContent("bob");
    fireEvent.mouseLeave(ref);
    expect(screen.queryByRole("tooltip")).toBeNull();
    // Keyboard readers get it too.
    fireEvent.focus(ref);
    expect(screen.getByRole("tooltip")).toHaveTextContent("first post");
  });

  it("shows a quote of a post it does not have as a plain link, with no preview", () => {
    renderThread({ posts: [post(1, "see >>999")] });
    const ref = screen.getByRole("link", { name: ">>999" });
    fireEvent.mouseEnter(ref);
    expect(screen.queryByRole("tooltip")).toBeNull();
  });

  it("renders > lines as quotes, URLs as links, and markup as text", () => {
    renderThread({ posts: [post(1, "<img src=x onerror=alert(1)><b>bold?</b>\n>be me\nhttps://example.com/a and javascript:alert(1)")] });
    const body = postEl(1);
    expect(body.querySelector("img")).toBeNull();
    expect(body.querySelector("b")).toBeNull();
    expect(body).toHaveTextContent("<img src=x onerror=alert(1)><b>bold?</b>");
    expect(body.querySelector("blockquote")).toHaveTextContent(">be me");
    expect(within(body).getByRole("link", { name: "https://example.com/a" })).toHaveAttribute("href", "https://example.com/a");
    expect(within(body).queryByRole("link", { name: /javascript/ })).toBeNull();
  });

  it("expands an image on click and shrinks it on the next", () => {
    renderThread({ posts: [post(1, "look", { image_url: "/boards/media/abc.png", thumbnail_url: "/boards/media/abc.thumb.webp" })] });
    const image = within(postEl(1)).getByRole("img");
    expect(image).toHaveAttribute("src", "/boards/media/abc.thumb.webp");
    fireEvent.click(image);
    expect(within(postEl(1)).getByRole("img")).toHaveAttribute("src", "/boards/media/abc.png");
    expect(within(postEl(1)).getByRole("img")).toHaveAccessibleName(/full size/);
    fireEvent.click(within(postEl(1)).getByRole("img"));
    expect(within(postEl(1)).getByRole("img")).toHaveAttribute("src", "/boards/media/abc.thumb.webp");
  });

  it("asks an anonymous reader to sign in, and offers no tools", () => {
    renderThread({ viewer: { me: null, admin: false } });
    expect(screen.getByText(/to reply/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/login");
    expect(screen.queryByRole("form", { name: "Reply" })).toBeNull();
    expect(screen.queryByText("Edit")).toBeNull();
    expect(screen.queryByText("Delete")).toBeNull();
  });
});

describe("an author's tools", () => {
  it("offers edit and delete on one's own posts only", () => {
    renderThread();
    expect(within(postEl(1)).queryByText("Edit")).toBeNull();
    expect(within(postEl(1)).queryByText("Delete")).toBeNull();
    expect(within(postEl(1)).getByText("Report")).toBeInTheDocument();
    expect(within(postEl(2)).getByText("Edit")).toBeInTheDocument();
    expect(within(postEl(2)).getByText("Delete")).toBeInTheDocument();
  });

  it("edits a post in place: the new text and an edited mark", async () => {
    answers["/boards/tech/1/posts/2/edit"] = { status: 200, body: post(2, "better words", { author: "alice", edited_ts: 1_796_300_000 }) };
    renderThread();
    fireEvent.click(within(postEl(2)).getByText("Edit"));
    const box = within(postEl(2)).getByRole("textbox", { name: "Post text" });
    expect(box).toHaveValue(">>1 agreed\n>be me\nmore at https://example.com/a");
    fireEvent.change(box, { target: { value: "better words" } });
    fireEvent.click(within(postEl(2)).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(postEl(2)).toHaveTextContent("better words"));
    expect(within(postEl(2)).getByText("(edited)")).toBeInTheDocument();
    expect(sent).toEqual([{ url: "/boards/tech/1/posts/2/edit", body: "content=better+words", accept: "application/json" }]);
  });

  it("shows why an edit was refused, beside the form, and keeps the text", async () => {
    answers["/boards/tech/1/posts/2/edit"] = { status: 400, body: { error: "A post is at most 10000 characters." } };
    renderThread();
    fireEvent.click(within(postEl(2)).getByText("Edit"));
    fireEvent.change(within(postEl(2)).getByRole("textbox", { name: "Post text" }), { target: { value: "x" } });
    fireEvent.click(within(postEl(2)).getByRole("button", { name: "Save" }));
    expect(await within(postEl(2)).findByRole("alert")).toHaveTextContent("A post is at most 10000 characters.");
    expect(within(postEl(2)).getByRole("textbox", { name: "Post text" })).toHaveValue("x");
    expect(postEl(2)).toHaveTextContent("agreed");
  });

  it("deletes a post after a confirming click, leaving a tombstone", async () => {
    answers["/boards/tech/1/posts/2/delete"] = { status: 200, body: { ok: true } };
    renderThread();
    fireEvent.click(within(postEl(2)).getByText("Delete"));
    expect(sent).toEqual([]);
    fireEvent.click(within(postEl(2)).getByRole("button", { name: "Delete post" }));
    await waitFor(() => expect(postEl(2)).toHaveTextContent("This post was deleted."));
    expect(postEl(2)).not.toHaveTextContent("agreed");
    expect(sent.map((s) => s.url)).toEqual(["/boards/tech/1/posts/2/delete"]);
  });
});

describe("replying", () => {
  it("appends the reply the server made, and shows a cooldown refusal with its wait", async () => {
    answers["/boards/tech/1/reply"] = { status: 201, body: post(3, "my reply", { author: "alice" }) };
    renderThread();
    const form = screen.getByRole("form", { name: "Reply" });
    fireEvent.change(within(form).getByRole("textbox", { name: "Reply text" }), { target: { value: "my reply" } });
    fireEvent.click(within(form).getByRole("button", { name: "Post reply" }));
    await waitFor(() => expect(postEl(3)).toHaveTextContent("my reply"));
    expect(sent[0]).toMatchObject({ url: "/boards/tech/1/reply", body: "content&image", accept: "application/json" });

    answers["/boards/tech/1/reply"] = { status: 429, body: { error: "Wait before replying again." }, headers: { "Retry-After": "4" } };
    fireEvent.change(within(form).getByRole("textbox", { name: "Reply text" }), { target: { value: "again" } });
    fireEvent.click(within(form).getByRole("button", { name: "Post reply" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("Wait before replying again. Try again in 4 s.");
  });

  it("shows the server's 413 text when the image is too large", async () => {
    answers["/boards/tech/1/reply"] = { status: 413, body: "File is too large (max 2MB)." };
    renderThread();
    const form = screen.getByRole("form", { name: "Reply" });
    fireEvent.click(within(form).getByRole("button", { name: "Post reply" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("File is too large (max 2MB).");
  });

  it("quotes a post into the reply box from its number", () => {
    renderThread();
    fireEvent.click(within(postEl(1)).getByText("No.1"));
    expect(screen.getByRole("textbox", { name: "Reply text" })).toHaveValue(">>1\n");
  });

  it("shows other people's replies as they arrive", async () => {
    renderThread();
    // As `…/posts` words it: the edit time as a UTC string.
    newPosts = [post(5, "live from bob", { edited_ts: undefined, edited: "2026-12-03 12:01:00" })];
    await waitFor(() => expect(postEl(5)).toHaveTextContent("live from bob"), { timeout: 3000 });
    expect(within(postEl(5)).getByText("(edited)")).toHaveAttribute("title", "Edited Dec 3, 2026, 12:01 UTC");
    expect(polls[0]).toBe("/boards/tech/1/posts?after=2");
    await waitFor(() => expect(polls.some((u) => u.endsWith("?after=5"))).toBe(true), { timeout: 3000 });
  });

  it("tells a reader of a locked thread that it takes no replies", () => {
    renderThread({ thread: { ...thread, locked: true } });
    expect(screen.getByText("This thread is locked: no new replies.")).toBeInTheDocument();
    expect(screen.queryByRole("form", { name: "Reply" })).toBeNull();
  });
});

describe("an admin's tools", () => {
  it("locks the thread in place", async () => {
    answers["/boards/tech/1/lock"] = { status: 200, body: { ...thread, locked: true } };
    renderThread({ viewer: { me: "root", admin: true } });
    const tools = screen.getByRole("region", { name: "Moderation" });
    fireEvent.click(within(tools).getByRole("button", { name: "Lock thread" }));
    await screen.findByTestId("locked-badge");
    expect(within(tools).getByRole("button", { name: "Unlock thread" })).toBeInTheDocument();
    // Anyone's post can be deleted by an admin.
    expect(within(postEl(1)).getByText("Delete")).toBeInTheDocument();
  });
});

describe("in French", () => {
  it("draws the thread, its dates and its numbers in the page's language", () => {
    render(
      <ThreadPage
        thread={{ ...thread, locked: true }}
        posts={[post(1, "Bonjour", { edited_ts: Date.UTC(2026, 11, 3, 12, 1) / 1000 })]}
        viewer={{ me: "alice", admin: true }}
        boards={[{ slug: "tech", title: "Tech" }]}
        upload={{ mb: 1.5, tooLarge: "File is too large (max 1.5MB)." }}
      />,
      { locale: "fr" },
    );
    const first = postEl(1);
    expect(within(first).getByText("3 déc. 2026, 12:00 UTC")).toHaveAttribute("datetime", "2026-12-03T12:00:00Z");
    expect(within(first).getByText("(modifié)")).toHaveAttribute("title", "Modifié le 3 déc. 2026, 12:01 UTC");
    expect(within(first).getByTitle("Citer ce message dans la réponse").textContent).toBe("n°\u00a01");
    expect(within(first).getByText("Signaler")).toBeInTheDocument();
    expect(screen.getByTestId("locked-badge")).toHaveTextContent("Verrouillé");
    expect(screen.getByTestId("locked-badge")).toHaveAttribute("title", "Verrouillé\u00a0: plus de nouvelles réponses");
    expect(screen.getByRole("region", { name: "Répondre" }).querySelector("p")?.textContent).toBe("Ce sujet est verrouillé\u00a0: seuls les administrateurs peuvent répondre.");
    const form = screen.getByRole("form", { name: "Répondre" });
    expect(within(form).getByText(/^PNG, JPEG, GIF ou WebP/).textContent).toBe("PNG, JPEG, GIF ou WebP, jusqu’à 1,5\u00a0Mo");
    expect(within(form).getByRole("button", { name: "Publier la réponse" })).toBeInTheDocument();
    expect(within(screen.getByRole("region", { name: "Modération" })).getByRole("button", { name: "Déverrouiller le sujet" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Retour à /tech/" })).toHaveAttribute("href", "/boards/tech/");
  });

  it("words a refusal the server gave no text for in French", async () => {
    answers["/boards/tech/1/reply"] = { status: 413, body: "<html>Request Entity Too Large</html>" };
    render(
      <ThreadPage thread={thread} posts={[post(1, "x")]} viewer={{ me: "alice", admin: false }} boards={[]} upload={{ mb: 2, tooLarge: "File is too large (max 2MB)." }} />,
      { locale: "fr" },
    );
    const form = screen.getByRole("form", { name: "Répondre" });
    fireEvent.click(within(form).getByRole("button", { name: "Publier la réponse" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("Le fichier est trop volumineux.");
  });
});
