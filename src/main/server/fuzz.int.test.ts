import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { METHOD_NAMES, methods } from '../../shared/api/index.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { seededRandom } from '../../shared/statistics.ts';
import { createHandlers, type Services } from '../app/index.ts';
import { writeWav } from '../testing/audio-builders.ts';
import { createTestServices, importThroughJobs } from '../testing/services.ts';
import { makeTempDir } from '../testing/temp-dir.ts';
import { startBrowserServer, type BrowserServer } from './http-server.ts';

// Issue 14: a seeded fuzz test over every contract method, the media and static routes, raw request lines and
// WebSocket frames. Bounded by counts, not by time: the same inputs every run, on a quiet or a busy machine.
// Every answer must be a success or a 4xx (503 for a part the machine lacks) with an error the user can read;
// never a 500, a hang or a crash; and the server must answer normally afterwards.

const temp = makeTempDir();
const TOKEN = 'fuzz-token-0123456789abcdef';
const SEED = 20261201;
let services: Services;
let server: BrowserServer;
let base: string;

const random = seededRandom(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const STRINGS = ['', ' ', '0', '-1', '../../etc/passwd', '/', '/proc/self/cwd', '%00', '\u0000', 'NaN', '🎵', 'é', '<script>alert(1)</script>', '__proto__', 'constructor', 'happy', 'x'.repeat(5000)];
function randomValue(depth = 0): unknown {
  const kind = Math.floor(random() * (depth > 2 ? 6 : 9));
  switch (kind) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return pick([0, -1, 1, 1e308, -1e308, 0.5, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, 42]);
    case 3:
      return pick(STRINGS);
    case 4:
      return String.fromCharCode(...Array.from({ length: Math.floor(random() * 40) }, () => Math.floor(random() * 0xffff)));
    case 5:
      return Math.floor(random() * 1000) - 10;
    case 6:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < Math.floor(random() * 4); i += 1) out[pick([...STRINGS.slice(0, 16), 'emotion', 'folder', 'songId', 'k'])] = randomValue(depth + 1);
      return out;
    }
  }
}

/** An input shaped like the method's own (its fields, with random values), or anything at all. */
function inputFor(method: (typeof METHOD_NAMES)[number]): unknown {
  const schema = methods[method].input as unknown as { shape?: Record<string, unknown> };
  if (schema.shape && random() < 0.6) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(schema.shape)) if (random() < 0.8) out[key] = randomValue(1);
    return out;
  }
  return randomValue();
}

function http(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: options.method ?? 'GET', headers: { Authorization: `Bearer ${TOKEN}`, ...options.headers } }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (c: string) => (body += c.length < 100_000 ? c : ''));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

function raw(text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(server.port, '127.0.0.1', () => socket.end(text));
    let answer = '';
    socket.on('data', (d) => (answer += String(d)));
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
  });
}

function expectClearRefusal(status: number, body: string, what: string): void {
  expect(status, `${what}: ${body.slice(0, 200)}`).not.toBe(500);
  expect(status, what).toBeLessThan(600);
  if (status >= 400 && body.startsWith('{')) {
    const parsed = JSON.parse(body) as { ok: boolean; error: { code: string; message: string } };
    expect(parsed.ok, what).toBe(false);
    expect(ERROR_CODES, what).toContain(parsed.error.code);
    expect(parsed.error.code, `${what}: ${parsed.error.message}`).not.toBe('internal');
    expect(parsed.error.message.length, what).toBeGreaterThan(3);
  }
}

beforeAll(async () => {
  const renderer = join(temp.path, 'renderer');
  mkdirSync(renderer, { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Emotune</title>');
  const music = join(temp.path, 'music');
  mkdirSync(music);
  writeWav(join(music, 'tone.wav'), { seconds: 1, frequencyHz: 440, tags: { title: 'Tone' } });
  writeFileSync(join(music, 'empty.wav'), '');
  services = createTestServices(join(temp.path, 'data'));
  await importThroughJobs(services, music);
  server = await startBrowserServer({
    services,
    handlers: createHandlers(services),
    rendererDir: renderer,
    port: 0,
    token: TOKEN,
    apiRate: { capacity: 100_000, perSecond: 100_000 },
  });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server?.close();
  await services?.close();
  temp.remove();
});

describe(`fuzzing browser mode (seed ${SEED})`, () => {
  it('answers every contract method\'s random inputs with a result or a clear 4xx, never a 500', async () => {
    for (const method of METHOD_NAMES) {
      for (let i = 0; i < 12; i += 1) {
        const input = inputFor(method);
        const body = random() < 0.1 ? pick(['{', '[]', 'null', '"x"', '{"a":', '\u0000']) : JSON.stringify(input);
        const answer = await http(`/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
        expectClearRefusal(answer.status, answer.body, `${method} ${body.slice(0, 120)}`);
      }
    }
    // Names that are not methods, and methods on the wrong verb.
    for (const name of ['__proto__', 'constructor', 'toString', 'app.getInfo/../x', '%2e%2e', 'x'.repeat(3000)]) {
      const answer = await http(`/api/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      expectClearRefusal(answer.status, answer.body, name);
    }
  }, 120_000);

  it('answers random media, cover and static paths and ranges without a 500', async () => {
    const paths = ['/media/', '/media/1', '/media/2', '/media/0', '/media/-1', '/media/1e3', '/media/999999999999999', '/media/cover/1', '/media/cover/x', '/media/%2e%2e', '/%00', '/..%2f..%2fetc/passwd', '/assets/../../x', '/index.html', '/%', '/a'.repeat(2000)];
    for (let i = 0; i < 120; i += 1) {
      const path = random() < 0.7 ? pick(paths) : `/${randomValue()}`.replace(/[\s#?]/g, '');
      const range = random() < 0.5 ? pick(['bytes=0-', 'bytes=-5', 'bytes=5-1', 'bytes=abc', 'bytes=0-0,1-1', `bytes=${Math.floor(random() * 1e9)}-`, 'bytes=-0']) : undefined;
      const method = pick(['GET', 'HEAD', 'POST', 'DELETE', 'OPTIONS']);
      const answer = await http(path, { method, headers: range ? { Range: range } : {} });
      expectClearRefusal(answer.status, answer.body, `${method} ${path.slice(0, 80)} ${range ?? ''}`);
    }
  });

  it('survives malformed request lines and random WebSocket frames, and serves normally afterwards', async () => {
    for (const line of ['GET http://%% HTTP/1.1', 'GET /%% HTTP/1.1', 'BREW / HTCPCP/1.0', 'GET / HTTP/9.9', '\u0000\u0001\u0002', 'GET /events HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: x']) {
      const answer = await raw(`${line}\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`);
      expect(answer.startsWith('HTTP/1.1 5'), `${line}: ${answer.slice(0, 80)}`).toBe(false);
    }
    const socket = new WebSocket(`${base.replace('http', 'ws')}/events`, { headers: { Authorization: `Bearer ${TOKEN}`, Origin: base } });
    await new Promise((resolve, reject) => {
      socket.on('open', resolve);
      socket.on('error', reject);
    });
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    socket.on('error', () => {});
    for (let i = 0; i < 50; i += 1) socket.send(random() < 0.5 ? JSON.stringify(randomValue()) : Buffer.from(Array.from({ length: Math.floor(random() * 500) }, () => Math.floor(random() * 256))));
    socket.send(Buffer.alloc(200 * 1024)); // over the 64 KB frame limit: the socket is closed, the server goes on
    expect(await closed).toBe(1009);
    const info = await http('/api/app.getInfo', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(info.status).toBe(200);
    expect(JSON.parse(info.body)).toMatchObject({ ok: true });
  });
});
