import { act, cleanup, fireEvent, render, screen, within } from "./helpers/ui";
import { NEW_THREADS_POLL_MS, NewThreadForm, NewThreadsNotice } from "@/app/_components/boards/board-page";
import { ReportQueue, type ReportView } from "@/app/_components/boards/report-queue";

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
