import Link from "next/link";
/** An unknown board, thread or page under /boards/. */
export default function BoardsNotFound() {
  return (
    <div className="py-8 text-center">
      <h1 className="mb-2 text-xl font-semibold">Not found</h1>
      <p className="mb-4 text-muted">There is no such board or thread here.</p>
      <Link href="/boards/" className="text-accent underline">All boards</Link>
    </div>
  );
}
