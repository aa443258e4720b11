/**
 * The dashboard's HTTP server (node:http, nothing else): the page's files from memory, JSON endpoints
 * under /api/, security headers on every answer. GET and HEAD only; the warehouse is only ever read.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorMessage, FinopsError, usageError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { WarehouseAccess } from './access.ts';
import { admit, checkExposure } from './auth.ts';
import { HttpError, Query } from './params.ts';
import { type DashboardSettings, routes } from './routes.ts';
import { findStatic, loadStaticFiles, type StaticFile } from './static-files.ts';

export interface DashboardOptions {
  access: WarehouseAccess;
  /** Address to listen on; anything but loopback needs `token`. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  token?: string;
  logger: Logger;
  /** What the pages need of the configuration (the tag policy's owner key). */
  settings?: DashboardSettings;
}

export interface Dashboard {
  /** http://host:port/ */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** No source outside this server: scripts, styles, data and images are all our own. */
const securityHeaders: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  checkExposure(options.host, options.token);
  const files = loadStaticFiles();
  await options.access.start();
  const server = createServer((req, res) => {
    const started = performance.now();
    handle(req, res, options, files)
      .catch((error) => sendError(res, error, options.logger))
      .finally(() => {
        const ms = Math.round(performance.now() - started);
        options.logger.debug(`${req.method} ${req.url?.split('?')[0]} ${res.statusCode} ${ms} ms`);
      });
  });
  const port = await listen(server, options.host, options.port);
  const shown = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shown}:${port}/`,
    port,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await options.access.close();
    },
  };
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE')
        reject(usageError(`port ${port} on ${host} is in use`, 'pick another with --port'));
      else if (error.code === 'EADDRNOTAVAIL')
        reject(usageError(`this machine has no address ${host}`, 'check --host'));
      else reject(error);
    });
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: DashboardOptions,
  files: Map<string, StaticFile>,
): Promise<void> {
  for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    throw new HttpError(405, `${req.method} is not allowed: the dashboard only reads`);
  }
  const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
  const admission = admit(req, url, options.token);
  if (admission.kind === 'redirect') {
    res.writeHead(303, { Location: admission.location, 'Set-Cookie': admission.cookie }).end();
    return;
  }
  if (url.pathname === '/api/health') return sendJson(req, res, 200, { ok: true });
  if (url.pathname.startsWith('/api/')) {
    const route = routes[url.pathname];
    if (!route)
      throw new HttpError(404, `no endpoint ${url.pathname}`, `endpoints: ${Object.keys(routes).join(', ')}`);
    const query = new Query(url.searchParams, route.params);
    const settings = options.settings ?? {};
    const body = await options.access.use((session) => route.answer(session, query, settings));
    return sendJson(req, res, 200, body);
  }
  const file = findStatic(files, url.pathname);
  if (!file) throw new HttpError(404, `no page ${url.pathname}`);
  res.writeHead(200, {
    'Content-Type': file.type,
    'Content-Length': file.body.length,
    'Cache-Control': 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}

function sendJson(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  const text = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': text.length,
    'Cache-Control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : text);
}

/** Errors as `{"error": {"message", "hint"}}`: 4xx for the request, 503 while a load holds the warehouse. */
function sendError(res: ServerResponse, error: unknown, logger: Logger): void {
  let status = 500;
  let hint: string | undefined;
  if (error instanceof HttpError) {
    status = error.status;
    hint = error.hint;
  } else if (error instanceof FinopsError) {
    status = error.kind === 'busy' ? 503 : error.kind === 'usage' ? 400 : 500;
    hint = error.hint;
  }
  if (status === 500) logger.error(`dashboard: ${errorMessage(error)}`);
  if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const message = status === 500 ? 'internal error (see the server log)' : errorMessage(error);
  const text = Buffer.from(JSON.stringify({ error: { message, hint } }));
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': text.length });
  res.end(text);
}
