import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The session cookie's name, one per port: cookies on 127.0.0.1 are shared by every port, so one name would
 * let a second instance (or the previous run's stale cookie) lock the other out.
 */
export function tokenCookie(port: number): string {
  return `emotune_token_${port}`;
}

/** What every Emotune page's policy ends with: own fonts only; no plugins, base URL, form posts or framing. */
export const CSP_LOCKDOWN = ["font-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"] as const;

/** The browser-mode Content Security Policy: only our own scripts, styles, media and socket. */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    ...CSP_LOCKDOWN,
  ].join('; ');
}

export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/** DNS-rebinding guard: the Host header must name this server on loopback. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** Cross-site guard: a request that carries an Origin must come from this server's own pages. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

export function tokensEqual(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The token a request presents: `Authorization: Bearer`, then `?token=` (the address `serve` printed: it always
 * wins over a cookie, which may be a previous run's), then this port's session cookie.
 */
export function presentedToken(req: IncomingMessage, url: URL, port: number): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  const query = url.searchParams.get('token');
  if (query) return query;
  return readCookie(req.headers.cookie, tokenCookie(port));
}

/** Parses a request target; null for one that is not a valid path (answered 400, never thrown). */
export function requestUrl(target: string | undefined, port: number): URL | null {
  if (!target || !target.startsWith('/')) return null;
  try {
    return new URL(target, `http://127.0.0.1:${port}`);
  } catch {
    return null;
  }
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null; // a malformed cookie presents no token
      }
    }
  }
  return null;
}
