import { act, cleanup, fireEvent, render, screen, within } from "./helpers/ui";
import { NEW_THREADS_POLL_MS, NewThreadForm, NewThreadsNotice, ThreadRow } from "@/app/_components/boards/board-page";
import { BoardIndex } from "@/app/_components/boards/board-index";
import { BoardsHeader } from "@/app/_components/boards/header";
import { ReportQueue, type ReportView } from "@/app/_components/boards/report-queue";
import { translatorFor } from "@/lib/i18n/translate";

/** A board page's live parts and forms, and the admins' report queue, against a fake server. */
let requests: { url: string; method: string }[];
let reply: { status: number; body: string };

beforeEach(() => {
  requests = [];
  reply = { status: 200, body: "{}" };
  global.fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push({ url: String(input), method: init?.method ?? "GET" });
    return {
      ok: reply.status < 300,
      status: reply.status,
      headers: { get: () => null },
      text: async () => reply.body,
      json: async () => JSON.parse(reply.body),
    } as unknown as Response;
  }) as unknown as typeof fetch;
});

afterEach(() => {
  cleanup();
  jest.useRealTimers();
});

const thread = (id: number) => ({ id, board: "tech", title: `t${id}`, author: "bob", created: "", bumped: "", replies: 0, images: 0, sticky: false, locked: false });

describe("a board page", () => {
  it("counts the threads started since it loaded, from threads.json", async () => {
    jest.useFakeTimers();
    reply = { status: 200, body: JSON.stringify({ board: "tech", threads: [thread(9), thread(7), thread(3), thread(1)], page: 1, pages: 1 }) };
    render(<NewThreadsNotice board="tech" newestId={3} />);
    expect(screen.queryByTestId("new-threads")).toBeNull();
    await act(async () => {
      jest.advanceTimersByTime(NEW_THREADS_POLL_MS);
    });
    expect(await screen.findByTestId("new-threads")).toHaveTextContent("2 new threads");
    expect(screen.getByTestId("new-threads")).toHaveAttribute("href", "/boards/tech/");
    expect(requests).toEqual([{ url: "/boards/tech/threads.json", method: "GET" }]);
  });

  it("asks an anonymous reader to sign in instead of showing the new-thread form", () => {
    render(<NewThreadForm board="tech" viewer={{ me: null, admin: false }} upload={{ mb: 2, tooLarge: "File is too large (max 2MB)." }} />);
    expect(screen.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/login");
    expect(screen.queryByRole("form", { name: "New thread" })).toBeNull();
  });

  it("shows the original's refusal of a bad image beside the new-thread form", async () => {
    reply = { status: 400, body: JSON.stringify({ error: "Invalid file type." }) };
    render(<NewThreadForm board="tech" viewer={{ me: "alice", admin: false }} upload={{ mb: 2, tooLarge: "File is too large (max 2MB)." }} />);
    const form = screen.getByRole("form", { name: "New thread" });
    expect(within(form).getByText("PNG, JPEG, GIF or WebP, up to 2 MB")).toBeInTheDocument();
    fireEvent.change(within(form).getByRole("textbox", { name: "Title" }), { target: { value: "Hello" } });
    fireEvent.click(within(form).getByRole("button", { name: "Create thread" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("Invalid file type.");
    expect(requests).toEqual([{ url: "/boards/tech/new", method: "POST" }]);
    expect(within(form).getByRole("textbox", { name: "Title" })).toHaveValue("Hello");
  });
});

describe("the report queue", () => {
  const report: ReportView = {
    id: 4, board: "tech", reason: "spam <script>", reporter: "carol", created: "2026-12-03 12:00:00",
    post: { id: 12, thread_id: 3, content: "buy now, see >>11", author: "mallory", created: "2026-12-03 11:00:00", edited_ts: null, deleted: false, image_url: null, thumbnail_url: null },
  };

  it("shows what was reported and why, linked to the post, and drops a dismissed report", async () => {
    render(<ReportQueue reports={[report]} />);
    const item = screen.getByRole("listitem");
    expect(item).toHaveTextContent("carol reported /tech/ No.12");
    expect(item).toHaveTextContent("Reason: spam <script>");
    expect(within(item).getByRole("link", { name: "/tech/ No.12" })).toHaveAttribute("href", "/boards/tech/3/#p12");
    // A quote in the reported post leads into its thread, not into this page.
    expect(within(item).getByRole("link", { name: ">>11" })).toHaveAttribute("href", "/boards/tech/3/#p11");
    fireEvent.click(within(item).getByRole("button", { name: "Dismiss" }));
    expect(await screen.findByText("No open reports.")).toBeInTheDocument();
    expect(requests).toEqual([{ url: "/boards/reports/4/dismiss", method: "POST" }]);
  });
});

describe("a thread's row", () => {
  const row = { ...thread(7), title: "Desk setups", created: "2026-12-03 09:05:00", bumped: "2026-12-04 18:30:00", replies: 1, images: 3, sticky: true, locked: true };

  it("shows its marks as labelled icons, its counts and its times", () => {
    render(<ThreadRow thread={row} />);
    const item = screen.getByRole("listitem");
    expect(within(item).getByRole("img", { name: "Sticky" }).querySelector("svg")).not.toBeNull();
    expect(within(item).getByRole("img", { name: "Locked" }).querySelector("svg")).not.toBeNull();
    expect(item).toHaveTextContent("by bob");
    expect(item).toHaveTextContent("Dec 3, 2026, 09:05 UTC");
    expect(item).toHaveTextContent("1 reply");
    expect(item).toHaveTextContent("3 images");
    expect(item).toHaveTextContent("last bump Dec 4, 2026, 18:30 UTC");
  });

  it("speaks French on a French page: its marks, plurals and dates", () => {
    render(<ThreadRow thread={{ ...row, replies: 0, author: null }} />, { locale: "fr" });
    const item = screen.getByRole("listitem");
    expect(within(item).getByRole("img", { name: "Épinglé" })).toHaveAttribute("title", "Épinglé");
    expect(within(item).getByRole("img", { name: "Verrouillé" })).toBeInTheDocument();
    const facts = [...item.querySelectorAll(".text-xs > span")].map((el) => el.textContent);
    expect(facts).toEqual(["par Utilisateur supprimé", "3 déc. 2026, 09:05 UTC", "0\u00a0réponse", "3\u00a0images", "dernière activité 4 déc. 2026, 18:30 UTC"]);
  });
});

describe("the boards in French", () => {
  it("counts new threads and offers the form in French", async () => {
    jest.useFakeTimers();
    reply = { status: 200, body: JSON.stringify([thread(9), thread(8)]) };
    render(<NewThreadsNotice board="tech" newestId={3} />, { locale: "fr" });
    await act(async () => {
      jest.advanceTimersByTime(NEW_THREADS_POLL_MS);
    });
    expect((await screen.findByTestId("new-threads")).textContent).toBe("2\u00a0nouveaux sujets\u00a0: afficher");
    cleanup();
    render(<NewThreadForm board="tech" viewer={{ me: null, admin: false }} upload={{ mb: 2, tooLarge: "File is too large (max 2MB)." }} />, { locale: "fr" });
    expect(screen.getByRole("link", { name: "Connectez-vous" })).toHaveAttribute("href", "/login");
    expect(screen.getByText(/pour lancer un sujet/)).toBeInTheDocument();
  });

  it("shows the report queue in French", () => {
    render(
      <ReportQueue
        reports={[{ id: 4, board: "tech", reason: "spam", reporter: "carol", created: "2026-12-03 12:00:00", post: { id: 12, thread_id: 3, content: "x", author: "mallory", created: "2026-12-03 11:00:00", deleted: true, image_url: null, thumbnail_url: null } }]}
      />,
      { locale: "fr" },
    );
    expect(screen.getByRole("heading", { name: "Messages signalés" })).toBeInTheDocument();
    const item = screen.getByRole("listitem");
    expect(item.querySelector("p")?.textContent).toBe("carol a signalé /tech/ n°\u00a012 (3 déc. 2026, 12:00 UTC)");
    expect(item).toHaveTextContent("Ce message a été supprimé.");
    expect(within(item).getByRole("button", { name: "Ignorer" })).toBeInTheDocument();
    expect(screen.getByRole("form", { name: "Ignorer le signalement 4" })).toBeInTheDocument();
  });
});

describe("the boards index and header (drawn on the server, in the page's language)", () => {
  const boards = [
    { slug: "tech", title: "Tech", description: "", threads: 1, posts: 1234, last_post_at: "2026-12-03 12:04:05" },
    { slug: "games", title: "Games", description: "", threads: 0, posts: 0, last_post_at: null },
  ];

  it("lists the boards with their totals and last post in English", () => {
    render(<BoardIndex boards={boards} letter={null} lettersInUse={new Set(["T", "G"])} words={{ t: translatorFor("en", "boards"), locale: "en" }} />);
    expect(screen.getByRole("heading", { name: "Boards" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: /^\/tech\/ Tech/ })).toHaveTextContent("1 thread · 1,234 posts · last post Dec 3, 2026, 12:04 UTC");
    expect(screen.getByRole("link", { name: /^\/games\/ Games/ })).toHaveTextContent("0 threads · 0 posts");
  });

  it("and in French, with French numbers and dates", () => {
    render(<BoardIndex boards={boards} letter="t" lettersInUse={new Set(["T"])} words={{ t: translatorFor("fr", "boards"), locale: "fr" }} />);
    expect(screen.getByRole("heading", { name: "Forums commençant par T" })).toBeInTheDocument();
    expect(screen.getByRole("navigation", { name: "Forums par première lettre" })).toHaveTextContent(/^Tous/);
    const facts = screen.getByRole("link", { name: /^\/tech\/ Tech/ }).querySelector(".text-xs")?.textContent;
    expect(facts).toBe("1\u00a0sujet · 1\u202f234\u00a0messages · dernier message 3 déc. 2026, 12:04 UTC");
  });

  it("offers sign-in, the chat and the reports in the page's language", () => {
    render(<BoardsHeader me={null} admin t={translatorFor("fr", "boards")} />, { locale: "fr" });
    const site = screen.getByRole("navigation", { name: "Site" });
    expect(within(site).getByRole("link", { name: "Signalements" })).toHaveAttribute("href", expect.stringMatching(/^\/boards\/reports\/?$/));
    expect(within(site).getByRole("link", { name: "Se connecter" })).toHaveAttribute("href", "/login");
    expect(screen.getByTitle("Retour au chat")).toHaveAttribute("href", "/");
  });
});
