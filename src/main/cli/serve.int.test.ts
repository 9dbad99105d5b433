import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createHandlers, type Services } from '../app/index.ts';
import { lockDataDir, startBrowserServer, type InstanceLock } from '../server/index.ts';
import { createTestServices } from '../testing/services.ts';
import { useTempDir } from '../testing/temp-dir.ts';
import { serveBrowserMode } from './serve.ts';

const temp = useTempDir();

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', timeout: 2000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

function setup(): { dataDir: string; renderer: string } {
  const renderer = join(temp.path, 'renderer');
  mkdirSync(renderer, { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Emotune</title>');
  return { dataDir: join(temp.path, 'data'), renderer };
}

describe('emotune serve', () => {
  it('closes the server, the services and the lock when publishing its address fails (disk full), so none runs on', async () => {
    const { dataDir, renderer } = setup();
    const locked = await lockDataDir(dataDir);
    if (!('lock' in locked)) throw new Error('expected the lock');
    let port = 0;
    let services: Services | null = null;
    const lock: InstanceLock = {
      file: locked.lock.file,
      publish: () => {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      },
      release: () => locked.lock.release(),
    };
    await expect(
      serveBrowserMode({
        dataDir,
        lock,
        createServices: () => (services = createTestServices(dataDir)),
        createHandlers,
        startServer: async (s, handlers) => {
          const server = await startBrowserServer({ services: s, handlers, rendererDir: renderer, port: 0, token: 'token-0123456789' });
          port = server.port;
          return server;
        },
        open: false,
        stopSignal: new Promise(() => {}),
        out: () => {},
        note: () => {},
      }),
    ).rejects.toThrow(/ENOSPC/);
    expect(port).toBeGreaterThan(0);
    expect(await answers(port)).toBe(false);
    expect(existsSync(locked.lock.file)).toBe(false);
    // The services were closed: the database refuses further use.
    expect(() => (services as unknown as Services).repository.count()).toThrow();
  });

  it('opens the browser on a private page in the data folder, never with the token on a command line', async () => {
    const { dataDir, renderer } = setup();
    const locked = await lockDataDir(dataDir);
    if (!('lock' in locked)) throw new Error('expected the lock');
    const opened: string[] = [];
    let stop: () => void = () => {};
    let url = '';
    const running = serveBrowserMode({
      dataDir,
      lock: locked.lock,
      createServices: () => createTestServices(dataDir),
      createHandlers,
      startServer: (s, handlers) => startBrowserServer({ services: s, handlers, rendererDir: renderer, port: 0, token: 'secret-token-0123456789' }),
      open: true,
      openUrl: (u) => opened.push(u),
      stopSignal: new Promise<void>((resolve) => (stop = resolve)),
      out: (value) => (url = (value as { url: string }).url),
      note: () => {},
    });
    while (opened.length === 0) await new Promise((r) => setTimeout(r, 20));
    expect(opened[0]).toMatch(/^file:\/\//);
    expect(opened[0]).not.toContain('secret-token');
    const page = fileURLToPath(opened[0] as string);
    expect(statSync(page).mode & 0o777).toBe(0o600);
    expect(readFileSync(page, 'utf8')).toContain(`url=${url}`);
    stop();
    await running;
    expect(existsSync(page)).toBe(false);
  });

  it('keeps the data folder to its user: 0700, the library and settings 0600, an older 0755/0644 folder tightened', async () => {
    const dataDir = join(temp.path, 'old-data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'settings.json'), '{}\n', { mode: 0o644 });
    chmodSync(join(dataDir, 'settings.json'), 0o644);
    const services = createTestServices(dataDir);
    try {
      services.settings.update({ playlistSize: 12 });
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(statSync(join(dataDir, 'library.sqlite')).mode & 0o777).toBe(0o600);
      expect(statSync(join(dataDir, 'settings.json')).mode & 0o777).toBe(0o600);
      for (const f of ['library.sqlite-wal', 'library.sqlite-shm']) if (existsSync(join(dataDir, f))) expect(statSync(join(dataDir, f)).mode & 0o077).toBe(0);
    } finally {
      await services.close();
    }
    const fresh = createTestServices(join(temp.path, 'fresh'));
    await fresh.close();
    expect(statSync(join(temp.path, 'fresh')).mode & 0o777).toBe(0o700);
    expect(statSync(join(temp.path, 'fresh', 'library.sqlite')).mode & 0o777).toBe(0o600);
  });
});
