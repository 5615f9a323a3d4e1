import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Every server the bench started and has not stopped yet: killed on exit, even on error. */
const live = new Set<ChildProcess>();

/** A server the bench started, as its own process, listening on 127.0.0.1. */
export interface ServerProcess {
  name: string;
  pid: number;
  port: number;
  base: string;
  child: ChildProcess;
  /** Where its stdout and stderr went. */
  logPath: string;
}

/** How to start a server: the command, its arguments and where it will listen. */
export interface ServerCommand {
  name: string;
  args: string[];
  port: number;
  env?: Record<string, string>;
}

/** A free TCP port on 127.0.0.1 (asked from the kernel, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Spawns `node <args>` directly (never through npx or a shell, so the PID is the server's own) with
 * its output written to a log file, as a partner's CI would capture it.
 */
export function spawnServer(command: ServerCommand, logDir: string): ServerProcess {
  const logPath = join(logDir, `${command.name.replace(/[^a-z0-9-]+/gi, '_')}-${command.port}.log`);
  const fd = openSync(logPath, 'a');
  const child = spawn(process.execPath, command.args, {
    cwd: process.cwd(),
    stdio: ['ignore', fd, fd],
    env: { ...process.env, ...command.env },
  });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${command.name}`);
  live.add(child);
  child.once('exit', () => live.delete(child));
  return {
    name: command.name,
    pid: child.pid,
    port: command.port,
    base: `http://127.0.0.1:${command.port}`,
    child,
    logPath,
  };
}

/** Stops a server by its own PID: SIGTERM, then SIGKILL after a grace period. */
export async function stopServer(server: ServerProcess, graceMs = 3000): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Kills every server still running (synchronously: usable from an exit handler). */
export function killAll(): void {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

/** Resident memory of a process in MB, from /proc/<pid>/status (VmRSS), or null if unreadable. */
export function residentMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? null : Number(kb) / 1024;
  } catch {
    return null;
  }
}

/**
 * CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat (clock ticks of
 * 10 ms), or null if unreadable.
 */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * (1000 / CLOCK_TICKS);
  } catch {
    return null;
  }
}
const CLOCK_TICKS = 100;

/** A plain HTTP answer: status, headers and body text. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request on a fresh connection to 127.0.0.1 (no keep-alive, no fetch start-up cost). */
export function httpCall(
  port: number,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...options.headers };
    if (options.body !== undefined) headers['content-length'] = Buffer.byteLength(options.body);
    const req = request(
      { host: '127.0.0.1', port, method, path, headers, agent: false, timeout: options.timeoutMs ?? 5000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${path}`)));
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** When a server first answered, and how many earlier probes it left without an answer. */
export interface Readiness {
  /** Milliseconds from `spawnedAt` to the first probe that succeeded. */
  ms: number;
  /**
   * Probes sent before the successful one that were still unanswered when it succeeded: connections
   * the server accepted during its start but never answered (0 for a server that answers or refuses).
   */
  stalled: number;
}

/**
 * Sends `probe` every `intervalMs` (overlapping: a probe the server accepted but does not answer
 * does not hold the next ones back; at most `maxInFlight` at once) until one returns true, the
 * process exits, or `timeoutMs` passes.
 */
export function waitUntil(
  server: ServerProcess,
  spawnedAt: bigint,
  probe: () => Promise<boolean>,
  timeoutMs = 30_000,
  intervalMs = 5,
  maxInFlight = 64,
): Promise<Readiness> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const pending = new Set<number>();
    let next = 0;
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (outcome: Readiness | Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const tick = () => {
      if (done) return;
      if (server.child.exitCode !== null || server.child.signalCode !== null) {
        return finish(new Error(`${server.name} exited before answering (see ${server.logPath})`));
      }
      if (Date.now() > deadline) {
        return finish(
          new Error(`${server.name} did not answer within ${timeoutMs} ms (see ${server.logPath})`),
        );
      }
      if (pending.size < maxInFlight) {
        const id = next++;
        pending.add(id);
        probe().then(
          (ok) => {
            pending.delete(id);
            if (ok && !done) {
              const ms = Number(process.hrtime.bigint() - spawnedAt) / 1e6;
              finish({ ms, stalled: [...pending].filter((other) => other < id).length });
            }
          },
          () => pending.delete(id),
        );
      }
      timer = setTimeout(tick, intervalMs);
    };
    tick();
  });
}
