import http from 'node:http';
import https from 'node:https';

/** What one POST to a receiver came to: its status code, or why there was none. */
export type TransportResult = { statusCode: number } | { error: string };

/** Sends one delivery; never rejects. */
export type Transport = (
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
) => Promise<TransportResult>;

/**
 * POSTs `body` to exactly `url` (no redirects followed, a fresh connection each time) and settles
 * with the status code as soon as the response head arrives (the body is ignored), or with an error
 * on a connection failure or when nothing arrived within `timeoutMs` of real time.
 */
export const postDelivery: Transport = (url, headers, body, timeoutMs) =>
  new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve({ error: `invalid URL ${url}` });
      return;
    }
    const client = target.protocol === 'https:' ? https : http;
    const request = client.request(target, {
      method: 'POST',
      agent: false,
      headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
    });
    const timer = setTimeout(
      () => request.destroy(new Error(`no response within ${timeoutMs} ms`)),
      timeoutMs,
    );
    request.on('response', (response) => {
      clearTimeout(timer);
      response.on('error', () => undefined);
      response.resume();
      resolve({ statusCode: response.statusCode ?? 0 });
    });
    request.on('error', (error) => {
      clearTimeout(timer);
      resolve({ error: error.message || String(error) });
    });
    request.end(body);
  });
