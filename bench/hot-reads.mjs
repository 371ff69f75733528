// P2 and the other hot read (issue 13): the empty poll `GET /messages/general?after=<latest>` and
// `GET /channel_unreads`, each at 50 keep-alive connections as 50 different users, through the fast path
// (how `npm start` serves them) and, in the same run, through Next.js's own router (the `X-MiniMost-Door:
// next` switch the bench server honours under MINIMOST_FAST_PATH_TEST=1); bench/bare-server.mjs under the
// same load is the ceiling. The server's RSS is sampled during the fast-path P2 load, the bare server's
// during its own. Each figure is printed beside its target from the issue with "met"/"not met"; nothing
// here asserts on time.
import { performance } from "node:perf_hooks";

export const HOT_CONNECTIONS = 50;
export const HOT_SECONDS = 10;
const WARMUP_MS = 2000;
const RSS_SAMPLE_MS = 250;

/** Issue 13's targets for these figures. */
export const HOT_TARGETS = { ratio: 0.2, p99Ms: 20, rssMiB: 300 };

const round = (x, digits = 1) => (x === null || x === undefined || Number.isNaN(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/** Runs `work` while sampling a process's RSS; answers the work's result and the peak RSS in MiB. */
async function withRssSamples(pid, procStats, work) {
  let peak = procStats(pid)?.rssMiB ?? null;
  const timer = setInterval(() => {
    const rss = procStats(pid)?.rssMiB;
    if (rss !== undefined && (peak === null || rss > peak)) peak = rss;
  }, RSS_SAMPLE_MS);
  try {
    const result = await work();
    return { result, peakRssMiB: peak };
  } finally {
    clearInterval(timer);
  }
}

function summary(run, cpu) {
  return {
    requests: run.requests,
    errors: run.errors,
    seconds: round(run.seconds, 2),
    rps: round(run.okRps ?? run.rps, 0),
    p50: round(run.latency.p50, 2),
    p99: round(run.latency.p99, 2),
    ...(cpu === undefined ? {} : { serverCpuCoresUsed: cpu }),
  };
}

/**
 * Measures both hot reads through both doors and the bare ceiling.
 * `tools`: { runLoadgen, startBareServer (answers { base, pid, stop }), procStats, request, waitIdle, log }.
 */
export async function benchHotReads(server, users, tools) {
  const { runLoadgen, startBareServer, procStats, request, waitIdle, log } = tools;
  await waitIdle(server.serverPid());
  const pollers = users.slice(-Math.min(HOT_CONNECTIONS, users.length));
  // The newest change in general: the cursor a client polls with.
  const all = await request(server.base, "GET", "/messages/general?after=0", { token: pollers[0].token });
  const rows = JSON.parse(all.body);
  const latest = Math.max(...rows.map((r) => Math.max(r.ts, r.edited_ts ?? 0, r.reactions_ts ?? 0, r.deleted_ts ?? 0)));
  const pollPath = `/messages/general?after=${latest}`;
  const viaNext = { "X-MiniMost-Door": "next" };
  for (const u of [pollers[0], pollers[pollers.length - 1]]) {
    const check = await request(server.base, "GET", pollPath, { token: u.token });
    if (check.status !== 200 || check.body.trim() !== "[]") throw new Error(`the poll is not empty: ${check.status} ${check.body.slice(0, 200)}`);
    if (check.headers["x-minimost-door"] !== "fast") throw new Error("the poll did not go through the fast path: is it installed?");
    const next = await request(server.base, "GET", pollPath, { token: u.token, headers: viaNext });
    if (next.status !== 200 || next.headers["x-minimost-door"] !== undefined) throw new Error(`the Next.js door answered ${next.status} ${next.headers["x-minimost-door"] ?? ""}`);
  }
  const pid = server.serverPid();
  const load = (path, headers) => ({
    base: server.base,
    targets: pollers.map((u) => ({ path, token: u.token, headers })),
    connections: HOT_CONNECTIONS,
    durationMs: HOT_SECONDS * 1000,
    warmupMs: WARMUP_MS,
  });
  const measure = async (label, config) => {
    const cpuBefore = procStats(pid);
    const started = performance.now();
    const { result: run, peakRssMiB } = await withRssSamples(pid, procStats, () => runLoadgen(config));
    const cpuAfter = procStats(pid);
    const wall = (performance.now() - started) / 1000;
    const cpu = cpuBefore && cpuAfter ? round((cpuAfter.cpuSeconds - cpuBefore.cpuSeconds) / wall, 2) : null;
    log(`${label}: ${run.rps.toFixed(0)} req/s, p99 ${run.latency.p99.toFixed(1)} ms, errors ${run.errors}, server RSS peak ${peakRssMiB?.toFixed(0)} MiB`);
    return { ...summary(run, cpu), peakRssMiB: round(peakRssMiB, 0), endRssMiB: round(cpuAfter?.rssMiB ?? null, 0) };
  };
  const poll = await measure("P2 fast path", load(pollPath));
  await waitIdle(pid);
  const unreads = await measure("/channel_unreads fast path", load("/channel_unreads"));
  await waitIdle(pid);
  const pollViaNext = await measure("P2 through Next.js", load(pollPath, viaNext));
  await waitIdle(pid);
  const unreadsViaNext = await measure("/channel_unreads through Next.js", load("/channel_unreads", viaNext));
  const bare = await startBareServer();
  let ceiling;
  try {
    const { result, peakRssMiB } = await withRssSamples(bare.pid, procStats, () => runLoadgen({ ...load("/"), base: bare.base, targets: [{ path: "/" }] }));
    ceiling = { ...summary(result), peakRssMiB: round(peakRssMiB, 0) };
  } finally {
    await bare.stop();
  }
  log(`bare node:http: ${ceiling.rps} req/s, p99 ${ceiling.p99} ms, RSS peak ${ceiling.peakRssMiB} MiB`);
  const ratio = (figure) => round(figure.rps / ceiling.rps, 3);
  return {
    connections: HOT_CONNECTIONS,
    seconds: HOT_SECONDS,
    pollingUsers: pollers.length,
    registeredUsers: users.length,
    rowsInGeneral: rows.length,
    pollPath: "/messages/general?after=<latest>",
    poll: { ...poll, ratio: ratio(poll) },
    channelUnreads: { ...unreads, ratio: ratio(unreads) },
    pollViaNext: { ...pollViaNext, ratio: ratio(pollViaNext) },
    channelUnreadsViaNext: { ...unreadsViaNext, ratio: ratio(unreadsViaNext) },
    bare: ceiling,
    targets: HOT_TARGETS,
  };
}

const met = (ok) => (ok === null ? "—" : ok ? "met" : "not met");

/** Rows for the bench table: [benchmark, metric, value, reference, target (met / not met)]. */
export function hotReadsRows(h, reference) {
  if (!h) return [];
  const fmt = (v, unit) => (v === null || v === undefined ? "—" : `${v.toLocaleString("en")}${unit ? " " + unit : ""}`);
  const pct = (x) => (x === null ? "—" : `${round(x * 100, 1)} %`);
  const rows = [];
  const figure = (name, f, { targets, ref } = {}) => {
    const label = `${name}, ${h.connections} conns`;
    rows.push([label, "req/s", fmt(f.rps), ref?.rps === undefined ? "—" : fmt(ref.rps), "—"]);
    rows.push([label, "ratio to bare", pct(f.ratio), ref?.ratio === undefined ? "—" : pct(ref.ratio), targets ? `≥ ${pct(HOT_TARGETS.ratio)}: ${met(f.ratio >= HOT_TARGETS.ratio)}` : "—"]);
    rows.push([label, "p99", fmt(f.p99, "ms"), ref?.p99 === undefined ? "—" : fmt(ref.p99, "ms"), targets ? `≤ ${HOT_TARGETS.p99Ms} ms: ${met(f.p99 <= HOT_TARGETS.p99Ms)}` : "—"]);
  };
  figure("P2 empty poll (fast path)", h.poll, { targets: true, ref: reference });
  figure("P2 empty poll through Next.js", h.pollViaNext);
  figure("/channel_unreads (fast path)", h.channelUnreads, { targets: true });
  figure("/channel_unreads through Next.js", h.channelUnreadsViaNext);
  rows.push([`P2 bare node:http \`[]\`, ${h.connections} conns`, "req/s (same run)", fmt(h.bare.rps), reference?.bareRps === undefined ? "—" : fmt(reference.bareRps), "—"]);
  rows.push([`P2 bare node:http \`[]\`, ${h.connections} conns`, "p99", fmt(h.bare.p99, "ms"), "—", "—"]);
  rows.push([`Server RSS during P2, ${h.registeredUsers} users`, "peak", fmt(h.poll.peakRssMiB, "MiB"), "—", `≤ ${HOT_TARGETS.rssMiB} MiB: ${met(h.poll.peakRssMiB === null ? null : h.poll.peakRssMiB <= HOT_TARGETS.rssMiB)}`]);
  rows.push(["Bare node:http RSS under the same load", "peak", fmt(h.bare.peakRssMiB, "MiB"), "—", "—"]);
  return rows;
}

/** One line for RESULTS.md's "how each figure is measured". */
export function hotReadsHow(h, cores) {
  return `- **P2 and /channel_unreads**: ${HOT_CONNECTIONS} keep-alive connections (bench/loadgen.mjs, a separate process; one request loop per connection, ${HOT_SECONDS} s after a 2 s warm-up) poll \`GET /messages/general?after=<latest>\` (answers \`[]\`), then \`GET /channel_unreads\`, as ${h?.pollingUsers ?? HOT_CONNECTIONS} different users of ${h?.registeredUsers ?? "—"}: first through the fast path (lib/http/fast-path.ts, as \`npm start\` serves them), then through Next.js's own router on the same server (the \`X-MiniMost-Door: next\` switch, honoured because the bench server runs with MINIMOST_FAST_PATH_TEST=1). The same load against bench/bare-server.mjs (node:http answering \`[]\`) is the ceiling for the ratios. The server's RSS is sampled every ${RSS_SAMPLE_MS} ms during the fast-path P2 load (peak shown), the bare server's during its own. Load generator and server share the machine's ${cores} cores. Targets from issue 13 (ratio ≥ ${HOT_TARGETS.ratio * 100} % of bare, p99 ≤ ${HOT_TARGETS.p99Ms} ms, RSS ≤ ${HOT_TARGETS.rssMiB} MB), printed with met / not met, never asserted.`;
}
