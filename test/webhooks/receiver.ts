import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

/** One request a receiver got. */
export interface Received {
  headers: IncomingHttpHeaders;
  rawBody: string;
  // biome-ignore lint/suspicious/noExplicitAny: delivery bodies are dynamic JSON that each test asserts on
  body: any;
}

/** A real local webhook receiver on 127.0.0.1, port 0. */
export interface Receiver {
  url: string;
  received: Received[];
  server: Server;
}

const open: Server[] = [];
afterEach(async () => {
  await Promise.all(
    open.splice(0).map(async (server) => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }),
  );
});

/**
 * Starts a receiver that records every request and answers `statusFor(n)` to the n-th one (0-based),
 * 200 by default; `null` leaves the request unanswered. Closed after the test.
 */
export async function startReceiver(statusFor: (n: number) => number | null = () => 200): Promise<Receiver> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const status = statusFor(received.length);
      received.push({ headers: req.headers, rawBody, body: JSON.parse(rawBody) });
      if (status !== null) res.writeHead(status).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  open.push(server);
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, received, server };
}

/** A local URL nothing listens on (a port that was just free). */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/hooks`;
}
