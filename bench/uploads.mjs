#!/usr/bin/env node
// `npm run bench:uploads`: throughput of concurrent uploads through POST /send/<channel>, and the
// serving process's peak memory meanwhile. Two shapes with the same total bytes (200 × 1 MiB and
// 50 × 4 MiB): uploads stream to disk, so the peak should not follow the file size. Prints a table,
// writes bench/out/uploads.json and the "Uploads" section of bench/RESULTS.md. Never asserts.
// Each shape runs on a fresh server; 50 × 1 MiB against 50 × 4 MiB shows what the file size costs.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { signup, summarize, sleep } from "./http.mjs";
import { writeSection } from "./results-file.mjs";
import { cleanupAll, procStats, root, startServer, waitIdle } from "./server.mjs";

const MiB = 1024 * 1024;

function multipart(fileBytes, name) {
  const boundary = `----minimost${crypto.randomBytes(8).toString("hex")}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\nupload bench\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, fileBytes, tail]), type: `multipart/form-data; boundary=${boundary}` };
}

function upload(base, token, agent, payload) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request(
      new URL("/send/general", base),
      { method: "POST", agent, headers: { authorization: `Bearer ${token}`, "content-type": payload.type, "content-length": payload.body.length } },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode, ms: performance.now() - started }));
      },
    );
    req.on("error", () => resolve({ status: 0, ms: performance.now() - started }));
    req.end(payload.body);
  });
}

async function shape(server, token, count, sizeMiB) {
  const payload = multipart(crypto.randomBytes(sizeMiB * MiB), `blob-${sizeMiB}MiB.bin`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: count });
  const pid = server.serverPid();
  await waitIdle(pid);
  const baseline = procStats(pid)?.rssMiB ?? 0;
  let peak = baseline;
  const sampler = setInterval(() => {
    const stats = procStats(pid);
    if (stats) peak = Math.max(peak, stats.rssMiB);
  }, 10);
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: count }, () => upload(server.base, token, agent, payload)));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  agent.destroy();
  const ok = results.filter((r) => r.status === 200).length;
  const latency = summarize(results.map((r) => r.ms));
  return {
    shape: `${count} × ${sizeMiB} MiB`,
    ok,
    failed: count - ok,
    seconds: Number(seconds.toFixed(2)),
    mibPerSecond: Number(((ok * sizeMiB) / seconds).toFixed(1)),
    uploadsPerSecond: Number((ok / seconds).toFixed(1)),
    p50: Math.round(latency.p50),
    p99: Math.round(latency.p99),
    baselineRssMiB: Math.round(baseline),
    peakRssMiB: Math.round(peak),
    growthMiB: Math.round(peak - baseline),
  };
}

function writeResults(rows) {
  fs.mkdirSync(path.join(root, "bench", "out"), { recursive: true });
  fs.writeFileSync(path.join(root, "bench", "out", "uploads.json"), JSON.stringify({ date: new Date().toISOString(), rows }, null, 2));
  const table = [
    "## Uploads (`npm run bench:uploads`)",
    "",
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores, Node ${process.version}. Concurrent \`POST /send/general\` multipart uploads on one keep-alive connection each; RSS of the serving process sampled every 10 ms.`,
    "",
    "| shape | ok | time | throughput | uploads/s | p50 | p99 | RSS before | peak RSS | growth |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.shape} | ${r.ok}/${r.ok + r.failed} | ${r.seconds} s | ${r.mibPerSecond} MiB/s | ${r.uploadsPerSecond} | ${r.p50} ms | ${r.p99} ms | ${r.baselineRssMiB} MiB | ${r.peakRssMiB} MiB | ${r.growthMiB} MiB |`),
    "",
    "Each shape runs on a fresh server after a warm-up. Comparing 50 × 1 MiB with 50 × 4 MiB shows what a four times larger file costs in memory at the same concurrency.",
    "",
  ].join("\n");
  writeSection("## Uploads (", table);
}

/** One shape on a fresh server, after a warm-up, so each peak is measured from the same start. */
async function measure(count, sizeMiB) {
  const server = await startServer({ settings: { channels: ["general"], max_upload_size_mb: 25, merge_window_seconds: 0, login_failure_delay_seconds: 0 } });
  try {
    const { token } = await signup(server.base, "uploader");
    await shape(server, token, 10, 1); // warm-up: the first requests load and open everything
    await sleep(500);
    return await shape(server, token, count, sizeMiB);
  } finally {
    await server.stop();
  }
}

async function main() {
  try {
    // The required 200 × 1 MiB, then the same concurrency with files four times larger.
    const rows = [await measure(200, 1), await measure(50, 1), await measure(50, 4)];
    console.log("\nshape          ok      time     MiB/s   uploads/s  p50 ms   p99 ms   RSS before  peak    growth");
    for (const r of rows) {
      console.log(
        `${r.shape.padEnd(14)} ${`${r.ok}/${r.ok + r.failed}`.padEnd(7)} ${`${r.seconds} s`.padEnd(8)} ${String(r.mibPerSecond).padEnd(7)} ${String(r.uploadsPerSecond).padEnd(10)} ${String(r.p50).padEnd(8)} ${String(r.p99).padEnd(8)} ${`${r.baselineRssMiB} MiB`.padEnd(11)} ${`${r.peakRssMiB} MiB`.padEnd(7)} ${r.growthMiB} MiB`,
      );
    }
    writeResults(rows);
  } finally {
    await cleanupAll();
  }
}

main().catch(async (err) => {
  console.error(err);
  await cleanupAll();
  process.exit(1);
});
