/**
 * How much of a refused body is still read (and thrown away) before answering. A client that sent
 * more than it may is usually still writing; answering before its body is read leaves the rest in
 * the connection, and its next request on that connection hangs, then fails. Past this, the answer
 * closes the connection instead. Multipart uploads (lib/uploads) and form or JSON bodies (lib/http)
 * drain to the same bound.
 */
export const DRAIN_LIMIT = 32 * 1024 * 1024;
