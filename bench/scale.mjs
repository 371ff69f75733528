// The scale-out run (issue 14): two instances of the server over one PostgreSQL database, one Redis and one
// S3 server (s3rver), measured as the SQLite run measures one instance, in the same `npm run bench`:
// signups to 1,000 users, P1 (sends: one sender, then 8 at once), delivery over `/events` at 100 users
// (the sender on instance 1, the 20 listeners on instance 2, so every notice crosses Redis), and P2 (empty
// polls, half the connections on each instance). Printed beside the SQLite figures of the same run, never
// asserted. `BENCH_ONLY=scale` runs it alone.
import { performance } from "node:perf_hooks";
import { sharedEngines } from "../e2e/engines.mjs";
import { mapLimit, request, signup, sleep, summarize } from "./http.mjs";
import { runLoadgen } from "./run-loadgen.mjs";
import { procStats, waitIdle } from "./server.mjs";
import { SseClient } from "./sse.mjs";

const USERS = 1000;
const DELIVERY_USERS = 100;
const SIGNUP_CONCURRENCY = 16;
const SEQUENTIAL_SENDS = 50;
const SENDS = 300;
const SENDERS = 8;
const DELIVERY_SENDS = 200;
const DELIVERY_INTERVAL_MS = 100;
const DELIVERY_TIMEOUT_MS = 5000;
const LISTENERS = 20;
const POLL_CONNECTIONS = 50;
const POLL_SECONDS = 10;

export const SCALE_HEADING = "## Scale-out: two instances on PostgreSQL + Redis + S3";

const round = (x, digits = 1) => (x === null || x === undefined ? null : Math.round(x * 10 ** digits) / 10 ** digits);
const userName = (i) => `s${String(i).padStart(4, "0")}`;

/** `start(opts)` is the run's server starter (bench/run.mjs: reuses its build); `log` its logger. */
export async function benchScale({ start, log, settings }) {
  const engines = await sharedEngines("bench");
  const { database, env } = engines;
  const instances = [];
  const result = { instances: 2, engines: "PostgreSQL 15 + Redis 7 + s3rver", setup: [] };
  try {
    instances.push(await start({ env, settings }));
    instances.push(await start({ env, settings }));
    const [one, two] = instances;
    const pids = () => instances.map((i) => i.serverPid());
    const idle = () => Promise.all(pids().map((pid) => waitIdle(pid)));
    log(`scale-out: two instances on ${one.base} and ${two.base} over ${database}`);

    const users = [];
    const grow = async (size) => {
      const started = performance.now();
      const from = users.length;
      const wanted = Array.from({ length: size - from }, (_, k) => from + k);
      await mapLimit(wanted, SIGNUP_CONCURRENCY, async (i) => {
        users[i] = await signup(instances[i % 2].base, userName(i));
      });
      const seconds = (performance.now() - started) / 1000;
      await idle();
      result.setup.push({ from, to: size, seconds: round(seconds), signupsPerSecond: round(wanted.length / seconds) });
      log(`scale-out: signed up ${from}→${size} in ${round(seconds)} s (${round(wanted.length / seconds)}/s, alternating instances)`);
    };

    // Delivery at 100 users: sent through instance 1, heard on instance 2.
    await grow(DELIVERY_USERS);
    {
      const sender = users[0];
      const listeners = users.slice(-LISTENERS).map((u) => new SseClient(two.base, u.token));
      const latencies = [];
      let missed = 0;
      try {
        await Promise.all(listeners.map((l) => l.open()));
        const isGeneral = (event, data) => event === "change" && data?.kind === "messages" && data?.channel === "general";
        for (let n = 0; n < DELIVERY_SENDS; n++) {
          const slot = performance.now() + DELIVERY_INTERVAL_MS;
          const arrivals = listeners.map((l) => l.next(isGeneral, DELIVERY_TIMEOUT_MS));
          const t0 = performance.now();
          const res = await request(one.base, "POST", "/send/general", { token: sender.token, form: { text: `scale delivery ${n}` } });
          const ats = await Promise.all(arrivals);
          if (res.status !== 200) continue;
          for (const at of ats) {
            if (at === null) missed++;
            else latencies.push(at - t0);
          }
          const wait = slot - performance.now();
          if (wait > 0) await sleep(wait);
        }
      } finally {
        for (const l of listeners) l.close();
      }
      const s = summarize(latencies);
      result.delivery = { users: DELIVERY_USERS, listeners: LISTENERS, deliveries: latencies.length, missed, p50: round(s.p50), p95: round(s.p95), p99: round(s.p99) };
      log(`scale-out delivery (instance 1 → Redis → instance 2): p50 ${result.delivery.p50} ms, p99 ${result.delivery.p99} ms, missed ${missed}`);
      await idle();
    }

    // P1 at 1,000 users.
    await grow(USERS);
    {
      const sequential = [];
      for (let n = 0; n < SEQUENTIAL_SENDS; n++) {
        const res = await request(one.base, "POST", "/send/general", { token: users[1].token, form: { text: `scale P1 sequential ${n}` } });
        if (res.status === 200) sequential.push(res.ms);
      }
      await idle();
      const latencies = [];
      let failures = 0;
      let next = 0;
      const cpuBefore = pids().map(procStats);
      const started = performance.now();
      await Promise.all(
        users.slice(0, SENDERS).map(async (sender, k) => {
          while (next < SENDS) {
            const n = next++;
            const res = await request(instances[k % 2].base, "POST", "/send/general", { token: sender.token, form: { text: `scale P1 ${n} from ${sender.username}` } });
            if (res.status === 200 && res.headers["x-message-id"]) latencies.push(res.ms);
            else failures++;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const cpuAfter = pids().map(procStats);
      const seq = summarize(sequential);
      const s = summarize(latencies);
      result.p1 = {
        users: USERS,
        sequential: { sends: seq.n, p50: round(seq.p50), p99: round(seq.p99) },
        sends: latencies.length,
        failures,
        senders: SENDERS,
        sendsPerSecond: round(latencies.length / seconds),
        p50: round(s.p50),
        p95: round(s.p95),
        p99: round(s.p99),
        copiesPerSecond: round((latencies.length * USERS) / seconds, 0),
        serverCpuSeconds: round(cpuAfter.reduce((sum, c, i) => sum + (c && cpuBefore[i] ? c.cpuSeconds - cpuBefore[i].cpuSeconds : 0), 0), 2),
      };
      log(`scale-out P1 at ${USERS} users: one sender p50 ${result.p1.sequential.p50} ms; ${SENDERS} senders over both instances ${result.p1.sendsPerSecond} sends/s, p50 ${result.p1.p50} ms, p99 ${result.p1.p99} ms (every copy written before each ack)`);
      await idle();
    }

    // P2: empty polls, half the connections on each instance, at once.
    {
      const latest = JSON.parse((await request(one.base, "GET", "/messages/general?after=0", { token: users[2].token })).body);
      const after = latest.reduce((max, row) => Math.max(max, row.updated_ts ?? row.ts), 0);
      const path = `/messages/general?after=${after}`;
      const check = await request(two.base, "GET", path, { token: users[3].token });
      if (check.status !== 200 || check.body !== "[]") throw new Error(`the empty poll answered ${check.status} ${check.body.slice(0, 100)}`);
      const pollers = users.slice(0, POLL_CONNECTIONS);
      const rssPeaks = [0, 0];
      const sampler = setInterval(() => {
        pids().forEach((pid, i) => {
          const s = procStats(pid);
          if (s) rssPeaks[i] = Math.max(rssPeaks[i], s.rssMiB);
        });
      }, 250);
      let runs;
      try {
        runs = await Promise.all(
          instances.map((instance, i) =>
            runLoadgen({
              base: instance.base,
              targets: pollers.filter((_, k) => k % 2 === i).map((u) => ({ path, token: u.token })),
              connections: POLL_CONNECTIONS / 2,
              durationMs: POLL_SECONDS * 1000,
              warmupMs: 2000,
            }),
          ),
        );
      } finally {
        clearInterval(sampler);
      }
      result.p2 = {
        connections: POLL_CONNECTIONS,
        rps: round(runs.reduce((sum, r) => sum + r.rps, 0), 0),
        p50: round(Math.max(...runs.map((r) => r.latency.p50)), 2),
        p99: round(Math.max(...runs.map((r) => r.latency.p99)), 2),
        errors: runs.reduce((sum, r) => sum + r.errors, 0),
        rssMiB: rssPeaks.map((r) => round(r, 0)),
      };
      log(`scale-out P2: ${result.p2.rps} req/s over both instances, p99 ${result.p2.p99} ms, RSS ${result.p2.rssMiB.join(" + ")} MiB`);
    }
    return result;
  } catch (err) {
    for (const instance of instances) console.error(instance.log().slice(-2000));
    throw err;
  } finally {
    for (const instance of instances) await instance.stop().catch(() => {});
    await engines.close();
  }
}

/** The section of bench/RESULTS.md: the scale-out figures beside the same run's single SQLite instance. */
export function scaleSection(scale, sqlite, facts) {
  const sqliteP1 = sqlite.p1.find((p) => p.users === USERS);
  const sqliteDelivery = sqlite.delivery.find((d) => d.users === DELIVERY_USERS);
  const sqliteP2 = sqlite.p2?.poll ?? null;
  const cell = (v, unit = "") => (v === null || v === undefined ? "—" : `${v.toLocaleString("en")}${unit}`);
  const lines = [
    SCALE_HEADING,
    "",
    facts,
    "",
    "| figure | 1 instance, SQLite (same run) | 2 instances, PostgreSQL + Redis + s3rver |",
    "|---|---|---|",
    `| signups to 1,000 users, per second | ${cell(sqlite.setup.at(-1)?.signupsPerSecond)} | ${cell(scale.setup.at(-1)?.signupsPerSecond)} |`,
    `| P1 at 1,000 users: one sender, ack p50 / p99 | ${cell(sqliteP1?.sequential.p50)} / ${cell(sqliteP1?.sequential.p99, " ms")} | ${cell(scale.p1?.sequential.p50)} / ${cell(scale.p1?.sequential.p99, " ms")} |`,
    `| P1 at 1,000 users: 8 senders, sends/s | ${cell(sqliteP1?.sendsPerSecond)} | ${cell(scale.p1?.sendsPerSecond)} |`,
    `| P1 at 1,000 users: 8 senders, ack p50 / p99 | ${cell(sqliteP1?.p50)} / ${cell(sqliteP1?.p99, " ms")} | ${cell(scale.p1?.p50)} / ${cell(scale.p1?.p99, " ms")} |`,
    `| delivery over /events at 100 users, p50 / p99 | ${cell(sqliteDelivery?.p50)} / ${cell(sqliteDelivery?.p99, " ms")} | ${cell(scale.delivery?.p50)} / ${cell(scale.delivery?.p99, " ms")} (sent on 1, heard on 2) |`,
    `| P2 empty poll, 50 connections, req/s | ${cell(sqliteP2?.rps)} | ${cell(scale.p2?.rps)} (25 per instance) |`,
    `| P2 p99 | ${cell(sqliteP2?.p99, " ms")} | ${cell(scale.p2?.p99, " ms")} |`,
    `| server RSS during P2 | ${cell(sqliteP2?.peakRssMiB, " MiB")} | ${scale.p2 ? scale.p2.rssMiB.map((r) => `${r} MiB`).join(" + ") : "—"} |`,
    "",
    "How: bench/scale.mjs. Both instances serve the same build on one machine, with PostgreSQL, Redis, s3rver, the load generator and the benchmark driver on the same 2 cores, so two instances cannot be faster than one here: the figures show what the shared engines cost per request, not what more machines would add. On PostgreSQL a send's acknowledgement waits until every recipient's copy is written (one transaction; lib/messages/postgres), where SQLite acknowledges after its journal and the archive and writes the copies in the background.",
  ];
  return lines.join("\n") + "\n";
}
