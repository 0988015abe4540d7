// Starts Seam's fake Seam Connect server, seeded, on 127.0.0.1 only, and
// prints one line of JSON with its URL: {"url":"http://127.0.0.1:PORT"}.
// It stops when its standard input closes (so it never outlives the test
// process that started it) or on SIGTERM/SIGINT.
import http from "node:http";
import net from "node:net";
import { createFake } from "@seamapi/fake-seam-connect";

// The fake listens on every interface by default: keep it on loopback.
const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (...args) {
  if (typeof args[0] === "number") {
    const [port, ...rest] = args;
    return listen.call(this, port, "127.0.0.1", ...rest);
  }
  return listen.apply(this, args);
};

const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const fake = await createFake();
await fake.seed();
await fake.startServer({ port, baseUrl: url });
process.stdout.write(JSON.stringify({ url }) + "\n");

const stop = async () => {
  await fake.stopServer();
  process.exit(0);
};
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
