import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createHandlers, type Services } from '../app/index.ts';
import { TINY_PNG, writeMp3, writeWav } from '../testing/audio-builders.ts';
import { createTestServices, importThroughJobs } from '../testing/services.ts';
import { useTempDir } from '../testing/temp-dir.ts';
import { startBrowserServer, type BrowserServer } from './http-server.ts';

const temp = useTempDir();
const TOKEN = 'test-token-0123456789';
let services: Services;
let server: BrowserServer;
let base: string;

/** Raw HTTP, so Host and Origin can be set to anything (fetch forbids that). */
function http(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const auth = { Authorization: `Bearer ${TOKEN}` };
const api = (method: string, input: unknown, headers: Record<string, string> = auth) =>
  http(`/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(input) });

beforeEach(async () => {
  const renderer = join(temp.path, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Emotune</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(temp.path, 'secret.txt'), 'do not serve');
  const music = join(temp.path, 'music');
  mkdirSync(music);
  writeWav(join(music, 'tone.wav'), { seconds: 1, frequencyHz: 440, tags: { title: 'Tone', genre: 'Pop' } });
  services = createTestServices(join(temp.path, 'data'));
  await importThroughJobs(services, music);
  server = await startBrowserServer({ services, handlers: createHandlers(services), rendererDir: renderer, port: 0, token: TOKEN });
  base = `http://127.0.0.1:${server.port}`;
});

afterEach(async () => {
  await server.close();
  await services.close();
});

describe('browser-mode server', () => {
  it('listens on loopback and hands out a tokened URL', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`);
  });

  it('refuses requests without the token, and pages without it get a real page that says what to do', async () => {
    expect((await api('app.getInfo', {}, {})).status).toBe(401);
    expect((await api('app.getInfo', {}, { Authorization: 'Bearer wrong' })).status).toBe(401);
    const page = await http('/', { headers: { Cookie: `emotune_token_${server.port}=an-earlier-run` } });
    expect(page.status).toBe(401);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body.toString()).toMatch(/<h1>This address needs Emotune's key<\/h1>/);
    expect(page.body.toString()).toMatch(/npm start/);
    expect(page.body.toString()).not.toMatch(/<script/);
    // The stale cookie is cleared, so the next good address is not shadowed by it.
    expect(String(page.headers['set-cookie'])).toMatch(new RegExp(`emotune_token_${server.port}=; Max-Age=0`));
    expect((await http('/media/1')).status).toBe(401);
  });

  it('lets a valid token in the address in past a stale cookie from an earlier run, and replaces the cookie', async () => {
    // Issue 13, bug 1: cookies on 127.0.0.1 are shared across ports; the old run's cookie used to win.
    const stale = `emotune_token_${server.port}=an-earlier-run`;
    const first = await http(`/?token=${TOKEN}`, { headers: { Cookie: stale } });
    expect(first.status).toBe(303);
    const cookie = String(first.headers['set-cookie']).split(';')[0] as string;
    expect(cookie).toBe(`emotune_token_${server.port}=${TOKEN}`);
    expect((await http('/', { headers: { Cookie: cookie } })).status).toBe(200);
    // Another instance's cookie (another port) is another name: both tabs keep working.
    expect((await http('/', { headers: { Cookie: `emotune_token_1=other; ${cookie}` } })).status).toBe(200);
  });

  it('answers 400 to malformed request targets, on HTTP and on a WebSocket upgrade, and keeps serving', async () => {
    const { connect } = await import('node:net');
    const raw = (text: string): Promise<string> =>
      new Promise((resolve) => {
        const socket = connect(server.port, '127.0.0.1', () => socket.write(text));
        let answer = '';
        socket.on('data', (d) => (answer += String(d)));
        socket.on('close', () => resolve(answer));
        socket.on('error', () => resolve(answer));
      });
    // Issue 14, item 3: this upgrade once threw "Invalid URL" in the listener and took the server down.
    expect(await raw('GET http://%% HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n')).toMatch(/^HTTP\/1.1 400/);
    expect(await raw('GET http://%% HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1.1 400/);
    expect(await raw('GET /%% HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1.1 (400|421)/);
    expect(await raw('NOT HTTP AT ALL\r\n\r\n')).toMatch(/^HTTP\/1.1 400/);
    expect((await api('app.getInfo', {})).status).toBe(200);
  });

  it('moves the token from the URL into an HttpOnly cookie, then serves the page with a strict CSP', async () => {
    const first = await http(`/?token=${TOKEN}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`emotune_token_${server.port}=.*HttpOnly; SameSite=Strict`));
    const page = await http('/', { headers: { Cookie: cookie.split(';')[0] as string } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sheds an API flood at once (429 with Retry-After) while media and events keep flowing', async () => {
    // Issue 14, item 8: at 200 requests a second everything queued on the one thread for 15-70 s.
    await server.close();
    let now = 0;
    server = await startBrowserServer({
      services,
      handlers: createHandlers(services),
      rendererDir: join(temp.path, 'renderer'),
      port: 0,
      token: TOKEN,
      apiRate: { capacity: 20, perSecond: 10, now: () => now },
    });
    base = `http://127.0.0.1:${server.port}`;
    const socket = new WebSocket(`${base.replace('http', 'ws')}/events`, { headers: { ...auth, Origin: base } });
    await new Promise((resolve, reject) => {
      socket.on('open', resolve);
      socket.on('error', reject);
    });
    const flood = await Promise.all(Array.from({ length: 60 }, () => api('app.getInfo', {})));
    const statuses = flood.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    const refused = flood.find((r) => r.status === 429);
    expect(refused?.headers['retry-after']).toBe('1');
    expect(JSON.parse(String(refused?.body))).toMatchObject({ ok: false, error: { code: 'busy' } });
    // Media is outside the API budget, and events still reach the page.
    expect((await http('/media/1', { headers: auth })).status).toBe(200);
    const received = new Promise<{ event: string }>((resolve) => socket.on('message', (data) => resolve(JSON.parse(String(data)))));
    services.playlist.follow('sad', 'override');
    expect(await received).toMatchObject({ event: 'playlist.changed' });
    socket.close();
    // A second later the budget has refilled: ten more calls go through.
    now += 1000;
    const after = await Promise.all(Array.from({ length: 10 }, () => api('app.getInfo', {})));
    expect(after.every((r) => r.status === 200)).toBe(true);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin (CSRF)', async () => {
    expect((await api('app.getInfo', {}, { ...auth, Host: 'evil.example' })).status).toBe(421);
    expect((await api('app.getInfo', {}, { ...auth, Origin: 'http://evil.example' })).status).toBe(401);
    expect((await api('app.getInfo', {}, { ...auth, Origin: base })).status).toBe(200);
  });

  it('validates every input with the contract schema', async () => {
    const bad = await api('mood.setOverride', { emotion: 'ecstatic' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body.toString())).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect((await api('no.suchMethod', {})).status).toBe(400);
    expect((await api('__proto__', {})).status).toBe(400);
    const notJson = await http('/api/app.getInfo', { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
    expect((await http('/api/app.getInfo', { method: 'POST', headers: { ...auth, 'Content-Type': 'text/plain' }, body: '{}' })).status).toBe(415);
    expect((await http('/api/app.getInfo', { headers: auth })).status).toBe(405);
  });

  it('answers contract methods', async () => {
    const info = JSON.parse((await api('app.getInfo', {})).body.toString());
    expect(info).toMatchObject({ ok: true, result: { transport: 'browser', canPickFolder: false } });
    const list = JSON.parse((await api('library.listSongs', { query: 'tone' })).body.toString());
    expect(list.result.total).toBe(1);
    const rec = JSON.parse((await api('recommend.forMood', { emotion: 'happy' })).body.toString());
    expect(rec.result).toMatchObject({ basis: 'genre', songs: [{ title: 'Tone' }] });
    const folder = await api('library.importFolder', { folder: join(temp.path, 'missing') });
    expect(folder.status).toBe(200);
  });

  it('serves library audio by id with ranges, and nothing else', async () => {
    const whole = await http('/media/1', { headers: auth });
    expect(whole.status).toBe(200);
    expect(whole.headers['content-type']).toBe('audio/wav');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    const part = await http('/media/1', { headers: { ...auth, Range: 'bytes=0-11' } });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-11/${whole.body.length}`);
    expect(part.body.subarray(0, 4).toString()).toBe('RIFF');
    expect((await http('/media/999', { headers: auth })).status).toBe(403);
    expect((await http('/media/..%2Fsecret.txt', { headers: auth })).status).toBe(403);
    expect((await http('/media/1', { headers: { ...auth, Range: 'bytes=999999-' } })).status).toBe(416);
  });

  it('serves a song\'s cover art by id, and 404 for a song without one', async () => {
    writeMp3(join(temp.path, 'music', 'covered.mp3'), { title: 'Covered', cover: TINY_PNG });
    await importThroughJobs(services, join(temp.path, 'music'));
    const song = services.repository.listSongs({ query: 'Covered', limit: 1, offset: 0 }).songs[0];
    expect(song?.hasCover).toBe(true);
    const cover = await http(`/media/cover/${song?.id}`, { headers: auth });
    expect(cover.status).toBe(200);
    expect(cover.headers['content-type']).toBe('image/png');
    expect(cover.body).toEqual(TINY_PNG);
    expect((await http('/media/cover/1', { headers: auth })).status).toBe(404);
  });

  it('serves the renderer but never a file outside it', async () => {
    expect((await http('/assets/app.js', { headers: auth })).status).toBe(200);
    expect((await http('/../secret.txt', { headers: auth })).status).toBe(404);
    expect((await http('/%2e%2e/secret.txt', { headers: auth })).status).toBe(404);
    expect((await http('/assets/%2e%2e/%2e%2e/secret.txt', { headers: auth })).status).toBe(404);
  });

  it('pushes events over the WebSocket to an authorised page only', async () => {
    const refused = new WebSocket(`${base.replace('http', 'ws')}/events`, { headers: { Origin: base } });
    const refusedCode = await new Promise((resolve) => refused.on('unexpected-response', (_req, res) => resolve(res.statusCode)));
    expect(refusedCode).toBe(401);
    const foreign = new WebSocket(`${base.replace('http', 'ws')}/events`, { headers: { ...auth, Origin: 'http://evil.example' } });
    expect(await new Promise((resolve) => foreign.on('unexpected-response', (_req, res) => resolve(res.statusCode)))).toBe(401);

    const socket = new WebSocket(`${base.replace('http', 'ws')}/events`, { headers: { Cookie: `emotune_token_${server.port}=${TOKEN}`, Origin: base } });
    await new Promise((resolve, reject) => {
      socket.on('open', resolve);
      socket.on('error', reject);
    });
    const received = new Promise<{ event: string; payload: { emotion: string } }>((resolve) =>
      socket.on('message', (data) => resolve(JSON.parse(String(data)))),
    );
    services.playlist.follow('happy', 'override');
    expect(await received).toMatchObject({ event: 'playlist.changed', payload: { emotion: 'happy' } });
    socket.close();
  });
});
