import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMock, type Mock, type MockOptions } from './app.ts';

/** A running mock: its base URL and how to stop it. */
export interface RunningMock extends Mock {
  url: string;
  server: Server;
  stop(): Promise<void>;
}

/** Where to listen; port 0 picks a free one. */
export interface ListenOptions {
  host?: string;
  port?: number;
}

/**
 * Listens first, then builds the mock with the address it got as issuer, so that tokens, metadata
 * and upload URLs name the URL clients really use (even with port 0).
 */
export async function startMock(
  listen: ListenOptions = {},
  options: Omit<MockOptions, 'issuer'> & { issuer?: string } = {},
): Promise<RunningMock> {
  // Requests that arrive while the mock is still being built wait for it instead of hanging.
  const early: [IncomingMessage, ServerResponse][] = [];
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const server = createServer((req, res) => (handler ? handler(req, res) : early.push([req, res])));
  server.listen(listen.port ?? 0, listen.host ?? '127.0.0.1');
  await once(server, 'listening');
  const { address, port } = server.address() as AddressInfo;
  // A wildcard address is not one a client can use: name loopback instead.
  const reachable = address === '0.0.0.0' ? '127.0.0.1' : address === '::' ? '::1' : address;
  const host = reachable.includes(':') ? `[${reachable}]` : reachable;
  const url = `http://${host}:${port}`;
  let mock: Mock;
  try {
    mock = await createMock({ ...options, issuer: options.issuer ?? url });
  } catch (error) {
    for (const [, res] of early.splice(0)) res.writeHead(503).end();
    server.close();
    throw error;
  }
  handler = mock.app;
  for (const [req, res] of early.splice(0)) mock.app(req, res);
  // Compile the remaining validators once the first requests have had their chance.
  setTimeout(() => void mock.warmUp(), 250).unref();
  return {
    ...mock,
    url,
    server,
    stop: async () => {
      mock.webhooks.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      mock.close();
    },
  };
}
