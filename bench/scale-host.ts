/**
 * Fallback host for the scale measurement, used only when the mock refuses the large snapshot over
 * HTTP (its JSON body limit). It builds the mock exactly as `chekt-mock serve --state :memory:
 * --rate-limits off` does (createMock, same options), imports the snapshot tables with the same
 * `importTables` that `PUT /__mock/snapshot` runs, drops the parsed JSON (a forced GC when
 * `--expose-gc` is given), and only then listens: the first answer means the state is loaded.
 *
 * Usage: node --expose-gc --import tsx bench/scale-host.ts <port> <tables.json>
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createMock } from '../mock/app.ts';
import { importTables, type TableRows } from '../mock/store/snapshot.ts';

const port = Number(process.argv[2]);
const tablesPath = process.argv[3];
if (!Number.isInteger(port) || port <= 0 || !tablesPath) {
  process.stderr.write('usage: scale-host.ts <port> <tables.json>\n');
  process.exit(2);
}

const mock = await createMock({
  issuer: `http://127.0.0.1:${port}`,
  statePath: ':memory:',
  rateLimits: 'off',
});
{
  const snapshot = JSON.parse(readFileSync(tablesPath, 'utf8')) as { tables: Record<string, TableRows> };
  const started = performance.now();
  importTables(mock.context.store, snapshot.tables);
  mock.journal.clear();
  process.stdout.write(`imported the snapshot in ${(performance.now() - started).toFixed(0)} ms\n`);
}
(globalThis as { gc?: () => void }).gc?.();

const server = createServer(mock.app);
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`scale host listening on http://127.0.0.1:${port}\n`);
});
const stop = () => {
  mock.webhooks.stop();
  server.closeAllConnections();
  server.close(() => {
    mock.close();
    process.exit(0);
  });
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
