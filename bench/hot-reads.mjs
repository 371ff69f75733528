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

/**
 * Issue 15: the rate limiter may cost at most this share of P2's throughput. Measured on the same server by
 * editing its settings: rate limits on (every poll counted against its user) and off, in turns.
 */
export const LIMITER_TARGET = { costFraction: 0.05 };
const LIMITER_ROUNDS = 2;
const NEVER = 1_000_000_000;
/**
 * Limits a P2 run never meets (a poller makes a few hundred requests a second), so every poll is counted
 * and none refused; the sign-in limit of 1 a minute is the probe that shows the settings are in force
 * (a second sign-in answers 429), and P2 signs no one in.
 */
export const LIMITER_ON = { enabled: true, requests_per_minute: NEVER, anonymous_requests_per_minute: NEVER, sends_per_10_seconds: NEVER, logins_per_minute: 1, webhook_posts_per_minute: NEVER };
export const LIMITER_OFF = { enabled: false };

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
  const limiter = await limiterCost(server, measure, load(pollPath), { request, waitIdle, log });
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
    limiter,
  };
}

/**
 * P2 (fast path) with rate limits on and off on the same server, alternating (on, off, on, off) so drift
 * on a shared machine falls on both; each turn is a whole P2 run. Answers both means and the cost.
 */
async function limiterCost(server, measure, config, { request, waitIdle, log }) {
  // A sign-in with a name no account has (one per turn, so the lockout never counts two failures): 401
  // while admitted, 429 once the address's sign-ins of the minute are used.
  const signInStatus = async (name) => (await request(server.base, "POST", "/api/login", { json: { username: name, password: "not-the-password" } })).status;
  const turns = { on: [], off: [] };
  for (let round = 0; round < LIMITER_ROUNDS; round++) {
    for (const state of ["on", "off"]) {
      await server.changeSettings({ rate_limits: state === "on" ? LIMITER_ON : LIMITER_OFF });
      const name = `limiter-probe-${round}-${state}`;
      const probes = [await signInStatus(name), await signInStatus(name)];
      // On: the second is refused (the first too when an earlier turn used this minute's sign-in).
      const inForce = state === "on" ? probes[1] === 429 : probes.every((status) => status === 401);
      if (!inForce) throw new Error(`rate limits ${state}: two sign-ins answered ${probes.join(", ")}: the settings are not in force`);
      await waitIdle(server.serverPid());
      const run = await measure(`P2 fast path, rate limits ${state} (${round + 1}/${LIMITER_ROUNDS})`, config);
      if (run.errors > 0) throw new Error(`P2 with rate limits ${state}: ${run.errors} requests failed (refused?)`);
      turns[state].push(run);
    }
  }
  const mean = (runs, key) => round(runs.reduce((sum, r) => sum + r[key], 0) / runs.length, key === "rps" ? 0 : 2);
  const on = { rps: mean(turns.on, "rps"), p99: mean(turns.on, "p99"), runs: turns.on.map((r) => r.rps) };
  const off = { rps: mean(turns.off, "rps"), p99: mean(turns.off, "p99"), runs: turns.off.map((r) => r.rps) };
  const cost = round((off.rps - on.rps) / off.rps, 4);
  log(`rate limiter: P2 ${on.rps} req/s on, ${off.rps} req/s off: costs ${round(cost * 100, 1)} %`);
  return { rounds: LIMITER_ROUNDS, on, off, cost, settingsOn: LIMITER_ON, target: LIMITER_TARGET };
}

/** Rows for the limiter's cost (issue 15), in the main table and in its own section. */
export function limiterRows(h) {
  const l = h?.limiter;
  if (!l) return [];
  const label = `P2 empty poll (fast path), ${h.connections} conns`;
  const pct = (x) => `${round(x * 100, 1)} %`;
  return [
    [label, "req/s, rate limits on", l.on.rps.toLocaleString("en"), "—", "—"],
    [label, "req/s, rate limits off", l.off.rps.toLocaleString("en"), "—", "—"],
    [label, "p99 on / off", `${l.on.p99} / ${l.off.p99} ms`, "—", "—"],
    [label, "rate limiter cost", pct(l.cost), "—", `< ${pct(LIMITER_TARGET.costFraction)}: ${met(l.cost < LIMITER_TARGET.costFraction)}`],
  ];
}

export const LIMITER_HEADING = "## Rate limiter cost (P2, issue 15)";

/** The limiter's own section of RESULTS.md, written by any run that measured P2 (BENCH_ONLY=p2 included). */
export function limiterSection(h, facts) {
  const l = h.limiter;
  const out = [LIMITER_HEADING, "", facts, "", "| Benchmark | Metric | MiniMost (this run) | Target |", "|---|---|---|---|"];
  for (const [name, metric, value, , target] of limiterRows(h)) out.push(`| ${[name, metric, value, target].join(" | ")} |`);
  out.push("");
  out.push(
    `How: P2 as above (the empty poll through the fast path, ${h.connections} keep-alive connections as ${h.pollingUsers} users, ${HOT_SECONDS} s after a 2 s warm-up), run ${l.rounds * 2} times on the same server, alternating rate limits on and off by editing its settings.json (the server sees the edit within a second); the figures are the means of each state (req/s of each turn: on ${l.on.runs.join(", ")}; off ${l.off.runs.join(", ")}). "On" is \`rate_limits\` enabled with limits no poller meets (${NEVER.toLocaleString("en")} a minute), so every poll is counted against its user and none is refused (any failed request stops the run); before each turn two sign-ins show the settings in force (on: the second answers 429 under \`logins_per_minute: 1\`; off: both 401). Cost = (off - on) / off; the issue's bound is ${LIMITER_TARGET.costFraction * 100} %, printed with met / not met, never asserted. Differences of a few percent are within this shared machine's run-to-run noise.`,
  );
  return out.join("\n");
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
  rows.push(...limiterRows(h));
  return rows;
}

/** One line for RESULTS.md's "how each figure is measured". */
export function hotReadsHow(h, cores) {
  return `- **P2 and /channel_unreads**: ${HOT_CONNECTIONS} keep-alive connections (bench/loadgen.mjs, a separate process; one request loop per connection, ${HOT_SECONDS} s after a 2 s warm-up) poll \`GET /messages/general?after=<latest>\` (answers \`[]\`), then \`GET /channel_unreads\`, as ${h?.pollingUsers ?? HOT_CONNECTIONS} different users of ${h?.registeredUsers ?? "—"}: first through the fast path (lib/http/fast-path.ts, as \`npm start\` serves them), then through Next.js's own router on the same server (the \`X-MiniMost-Door: next\` switch, honoured because the bench server runs with MINIMOST_FAST_PATH_TEST=1). The same load against bench/bare-server.mjs (node:http answering \`[]\`) is the ceiling for the ratios. The server's RSS is sampled every ${RSS_SAMPLE_MS} ms during the fast-path P2 load (peak shown), the bare server's during its own. Load generator and server share the machine's ${cores} cores. Targets from issue 13 (ratio ≥ ${HOT_TARGETS.ratio * 100} % of bare, p99 ≤ ${HOT_TARGETS.p99Ms} ms, RSS ≤ ${HOT_TARGETS.rssMiB} MB), printed with met / not met, never asserted.`;
}
