#!/usr/bin/env node
// The baseline for P2: a bare node:http server on 127.0.0.1 answering every request with `[]`
// (what an empty poll answers). Prints its port on stdout, exits on SIGTERM.
import http from "node:http";

const body = Buffer.from("[]");
const server = http.createServer((req, res) => {
  req.resume();
  res.writeHead(200, { "Content-Type": "application/json", "Content-Length": body.length });
  res.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`${server.address().port}\n`));
process.on("SIGTERM", () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
