/**
 * Who may ask. On a loopback address (the default) anyone on this machine may, but only through a
 * loopback Host header: a web page elsewhere cannot reach the dashboard by pointing a DNS name at
 * 127.0.0.1 (DNS rebinding). On any other address a token is required, and every request must carry
 * it: `Authorization: Bearer <token>` (scripts), or `?token=<token>` once in the page's address, which
 * the server trades for an HttpOnly cookie and removes from the address bar.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { usageError } from '../errors.ts';
import { HttpError } from './params.ts';

const COOKIE = 'finops_token';
const loopbackNames = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLoopback(host: string): boolean {
  return loopbackNames.has(host) || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Refuses to serve anywhere but the default addresses (127.0.0.1, localhost, ::1) without a token worth
 * the name: another loopback address (127.0.0.2) is often forwarded or shared, so it needs one too.
 */
export function checkExposure(host: string, token: string | undefined): void {
  if (token === undefined && !loopbackNames.has(host)) {
    throw usageError(
      `serving on ${host} needs a token: every request must carry it`,
      'pass --token or set FINOPS_TOKEN, e.g. FINOPS_TOKEN=$(openssl rand -hex 24)',
    );
  }
  if (token !== undefined && token.length < 16) {
    throw usageError('the token is too short (at least 16 characters)', 'e.g. openssl rand -hex 24');
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function cookieToken(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

function hostName(req: IncomingMessage): string {
  const host = req.headers.host ?? '';
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? '');
}

/** What to do with an authorized request: serve it, or (a page address with ?token=) set the cookie and redirect. */
export type Admission = { kind: 'serve' } | { kind: 'redirect'; location: string; cookie: string };

export function admit(req: IncomingMessage, url: URL, token: string | undefined): Admission {
  if (token === undefined) {
    if (!isLoopback(hostName(req)))
      throw new HttpError(403, 'this dashboard answers to localhost addresses only');
    return { kind: 'serve' };
  }
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  const fromQuery = url.searchParams.get('token') ?? undefined;
  const given = bearer ?? fromQuery ?? cookieToken(req);
  if (given === undefined || !sameSecret(given, token)) {
    throw new HttpError(
      401,
      'a valid token is required',
      'send Authorization: Bearer <token>, or open /?token=<token>',
    );
  }
  if (fromQuery !== undefined && bearer === undefined && !url.pathname.startsWith('/api/')) {
    const clean = new URL(url);
    clean.searchParams.delete('token');
    return {
      kind: 'redirect',
      location: `${clean.pathname}${clean.search}`,
      cookie: `${COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
    };
  }
  return { kind: 'serve' };
}
