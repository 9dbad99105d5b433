import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Handlers } from '../../shared/api/index.ts';
import { EmotuneError, toErrorPayload, type ErrorCode } from '../../shared/errors.ts';
import { createCoverResponse, createMediaResponse, dispatch, type Services } from '../app/index.ts';
import { LOCKED_OUT_CSP, lockedOutPage } from './locked-out-page.ts';
import { isAllowedHost, isAllowedOrigin, presentedToken, requestUrl, securityHeaders, tokenCookie, tokensEqual } from './security.ts';
import { API_RATE, TokenBucket } from './rate-limit.ts';
import { openStaticFile } from './static-files.ts';

export interface BrowserServerOptions {
  services: Services;
  handlers: Handlers;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  token: string;
  /** The API's request budget (default API_RATE); tests give a clock. */
  apiRate?: { capacity: number; perSecond: number; now?: () => number };
}

export interface BrowserServer {
  port: number;
  /** The URL to open: carries the token once; the page then holds it as an HttpOnly cookie. */
  url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1 << 20;

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  'invalid-input': 400,
  unauthorized: 401,
  'media-refused': 403,
  'not-found': 404,
  'folder-unreadable': 422,
  'job-cancelled': 409,
  'camera-unavailable': 503,
  'model-load-failed': 503,
  'database-failed': 500,
  'not-saved': 507,
  busy: 429,
  internal: 500,
};

/**
 * Browser mode: the same services and contract as the Electron app, over HTTP (POST /api/<method>), one
 * WebSocket (/events) for pushed events, and /media/<songId> for audio. Loopback only; every request must
 * name this host (DNS rebinding), come from its own origin, and carry the access token (kept across restarts
 * in the data folder: browser-identity.ts).
 */
export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const { services, handlers, token } = options;
  let port = options.port;
  const sockets = new Set<WebSocket>();
  const apiBudget = new TokenBucket(options.apiRate ?? API_RATE);

  const server = createServer((req, res) => {
    void handle(req, res).catch((error) => sendError(res, error));
  });
  // A request Node cannot even parse: answer 400 and close, never let it reach the process.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(securityHeaders(port))) res.setHeader(name, value);
    const url = requestUrl(req.url, port);
    if (!url) return sendError(res, new EmotuneError('invalid-input', 'malformed request target'));
    if (!isAllowedHost(req.headers.host, port)) {
      return sendError(res, new EmotuneError('unauthorized', 'wrong Host header'), 421);
    }
    if (!isAllowedOrigin(req.headers.origin, port)) {
      return sendError(res, new EmotuneError('unauthorized', 'cross-origin requests are refused'));
    }
    if (!tokensEqual(presentedToken(req, url, port), token)) {
      if (req.method === 'GET' && !url.pathname.startsWith('/api/') && !url.pathname.startsWith('/media/')) {
        // A page load: a real page that says what to do, and the stale cookie (an earlier run's) cleared.
        res.writeHead(401, {
          'Content-Type': 'text/html; charset=utf-8',
          'Content-Security-Policy': LOCKED_OUT_CSP,
          'Cache-Control': 'no-store',
          'Set-Cookie': `${tokenCookie(port)}=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/`,
        });
        res.end(lockedOutPage());
        return;
      }
      return sendError(res, new EmotuneError('unauthorized', 'missing or wrong access token'));
    }
    if (url.searchParams.has('token') && req.method === 'GET') {
      // Move the token from the address bar into an HttpOnly cookie (replacing any earlier run's), then reload
      // without it.
      res.setHeader('Set-Cookie', `${tokenCookie(port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`);
      url.searchParams.delete('token');
      res.writeHead(303, { Location: url.pathname + url.search });
      res.end();
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return sendError(res, new EmotuneError('invalid-input', 'use POST'), 405);
      if (!apiBudget.take()) {
        res.setHeader('Retry-After', String(apiBudget.retryAfterSec));
        req.resume();
        return sendError(res, new EmotuneError('busy', 'too many requests at once; try again in a moment'));
      }
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return sendError(res, new EmotuneError('invalid-input', 'send application/json'), 415);
      }
      const body = await readJson(req);
      const result = await dispatch(handlers, decodeURIComponent(url.pathname.slice('/api/'.length)), body);
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ ok: true, result: result ?? null }));
      return;
    }
    if (url.pathname.startsWith('/media/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, new EmotuneError('invalid-input', 'use GET'), 405);
      const match = /^\/media\/(cover\/)?(\d{1,15})$/.exec(url.pathname);
      if (!match) return sendError(res, new EmotuneError('media-refused', 'media is served by song id only'));
      const id = Number(match[2]);
      const media = match[1]
        ? createCoverResponse(services.repository, services.coversDir, id)
        : createMediaResponse(services.repository, id, req.headers.range ?? null);
      res.writeHead(media.status, media.headers);
      if (req.method === 'HEAD' || !media.body) {
        media.body?.destroy();
        res.end();
        return;
      }
      media.body.on('error', () => res.destroy());
      media.body.pipe(res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendError(res, new EmotuneError('invalid-input', 'method not allowed'), 405);
    }
    const file = openStaticFile(options.rendererDir, url.pathname);
    if (!file) return sendError(res, new EmotuneError('not-found', `no such page ${url.pathname}`));
    res.writeHead(200, { 'Content-Type': file.type, 'Content-Length': String(file.size), 'Cache-Control': 'no-cache' });
    if (req.method === 'HEAD') {
      file.stream.destroy();
      res.end();
      return;
    }
    file.stream.pipe(res);
  }

  server.on('upgrade', (req, socket, head) => {
    try {
      upgrade(req, socket as Socket, head);
    } catch {
      socket.destroy(); // whatever went wrong with one connection, the server goes on
    }
  });

  function upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const url = requestUrl(req.url, port);
    if (!url) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      return;
    }
    const allowed =
      url.pathname === '/events' &&
      isAllowedHost(req.headers.host, port) &&
      req.headers.origin !== undefined &&
      isAllowedOrigin(req.headers.origin, port) &&
      tokensEqual(presentedToken(req, url, port), token);
    if (!allowed) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      // A connected page is an app window: it decodes the M4A songs the analysis cannot, while it is open.
      const closed = services.windowOpened();
      let gone = false;
      const leave = (): void => {
        sockets.delete(ws);
        if (!gone) closed();
        gone = true;
      };
      ws.on('close', leave);
      ws.on('error', leave);
      // The socket only pushes events; anything a client sends is ignored.
    });
  }

  const unsubscribe = services.events.on((event, payload) => {
    if (sockets.size === 0) return;
    const message = JSON.stringify({ event, payload });
    for (const ws of sockets) {
      // A client that cannot keep up misses previews rather than growing our memory.
      if (ws.bufferedAmount > 4 * 1024 * 1024 && event === 'camera.framePreviewed') continue;
      ws.send(message);
    }
  });
  const keepAlive = setInterval(() => {
    for (const ws of sockets) ws.ping();
  }, 30_000);
  keepAlive.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    url: `http://127.0.0.1:${port}/?token=${encodeURIComponent(token)}`,
    async close() {
      unsubscribe();
      clearInterval(keepAlive);
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new EmotuneError('invalid-input', 'request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new EmotuneError('invalid-input', 'request body is not valid JSON');
  }
}

function sendError(res: ServerResponse, error: unknown, status?: number): void {
  const payload = toErrorPayload(error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status ?? STATUS_BY_CODE[payload.code], { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ ok: false, error: payload }));
}
