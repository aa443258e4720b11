/**
 * An HTTP proxy in front of the local S3 server that misbehaves on request: answers 503 SlowDown, cuts a
 * response body short, cuts a request body (an upload) off half-way, or lets a request through and holds
 * its answer back (the server has done the work; the client waits, to be killed at that moment), for
 * the requests a test picks. Everything else passes through untouched.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { kind: 'slow-down' }
  | { kind: 'cut-body' }
  | { kind: 'cut-request' }
  | { kind: 'hold-response'; held: () => void };

export interface FaultProxy {
  endpoint: string;
  /** The next `times` requests matching `match` get `fault` (Infinity: all of them). */
  inject(match: (req: http.IncomingMessage) => boolean, fault: Fault, times: number): void;
  /** How many requests were faulted so far. */
  faulted(): number;
  requests(): { method: string; url: string }[];
  stop(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const rules: { match: (req: http.IncomingMessage) => boolean; fault: Fault; left: number }[] = [];
  const seen: { method: string; url: string }[] = [];
  let count = 0;
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '' });
    const rule = rules.find((r) => r.left > 0 && r.match(req));
    if (rule?.fault.kind === 'slow-down') {
      rule.left--;
      count++;
      req.resume();
      res.writeHead(503, { 'content-type': 'application/xml' });
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
      );
      return;
    }
    if (rule?.fault.kind === 'cut-request') {
      rule.left--;
      count++;
      const limit = Number(req.headers['content-length'] ?? 0) / 2;
      let received = 0;
      req.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received >= limit) req.socket.destroy();
      });
      return;
    }
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (up) => {
        if (rule?.fault.kind === 'hold-response') {
          rule.left--;
          count++;
          up.resume();
          up.on('end', rule.fault.held);
          return;
        }
        res.writeHead(up.statusCode ?? 502, up.headers);
        if (rule?.fault.kind === 'cut-body') {
          rule.left--;
          count++;
          let sent = 0;
          const limit = Number(up.headers['content-length'] ?? 0) / 2;
          up.on('data', (chunk: Buffer) => {
            if (sent + chunk.length >= limit) {
              res.write(chunk.subarray(0, Math.max(0, limit - sent)));
              res.socket?.destroy();
              up.destroy();
              return;
            }
            sent += chunk.length;
            res.write(chunk);
          });
          return;
        }
        up.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    inject: (match, fault, times) => rules.push({ match, fault, left: times }),
    faulted: () => count,
    requests: () => seen,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
