import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../testing/temp-dir.ts';
import { LOCK_FILE, lockDataDir, type InstanceLock } from './instance-lock.ts';

const temp = useTempDir();
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Another process (the holder of a lock must not be this one). */
function otherProcess(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  cleanups.push(() => void child.kill('SIGKILL'));
  return child;
}

/** A process id that is no longer running. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid as number;
}

/** A real HTTP server on 127.0.0.1, as a running browser mode is. */
async function answeringServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => res.writeHead(401).end('access token required'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/?token=abc`;
  const close = (): Promise<void> => new Promise((resolve) => server.close(() => resolve()));
  cleanups.push(close);
  return { url, close };
}

const writeLock = (dir: string, content: object | string): void =>
  writeFileSync(join(dir, LOCK_FILE), typeof content === 'string' ? content : JSON.stringify(content));

async function acquire(dir: string): Promise<InstanceLock> {
  const outcome = await lockDataDir(dir, { startupWaitMs: 1000 });
  if (!('lock' in outcome)) throw new Error(`expected the lock, got ${JSON.stringify(outcome)}`);
  cleanups.push(() => outcome.lock.release());
  return outcome.lock;
}

describe('one browser-mode server per data folder', () => {
  it('creates the lock readable by the user only, publishes the address, and removes it on release', async () => {
    const dir = join(temp.path, 'data'); // created on the way
    const lock = await acquire(dir);
    expect(statSync(lock.file).mode & 0o777).toBe(0o600);
    lock.publish('http://127.0.0.1:4321/?token=secret');
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toMatchObject({ pid: process.pid, url: 'http://127.0.0.1:4321/?token=secret' });
    expect(statSync(lock.file).mode & 0o777).toBe(0o600);
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
  });

  it('points a second start to a running server that holds the folder', async () => {
    const holder = otherProcess();
    const server = await answeringServer();
    writeLock(temp.path, { pid: holder.pid, url: server.url, startedAt: new Date().toISOString() });
    expect(await lockDataDir(temp.path)).toEqual({ running: { pid: holder.pid, url: server.url } });
  });

  it('waits for a holder that is still starting to publish its address', async () => {
    const holder = otherProcess();
    const server = await answeringServer();
    writeLock(temp.path, { pid: holder.pid, url: null, startedAt: new Date().toISOString() });
    setTimeout(() => writeLock(temp.path, { pid: holder.pid, url: server.url }), 300);
    expect(await lockDataDir(temp.path, { startupWaitMs: 5000 })).toEqual({ running: { pid: holder.pid, url: server.url } });
  });

  it('takes over a lock left by a process that is gone (a crash, a kill -9)', async () => {
    writeLock(temp.path, { pid: await deadPid(), url: 'http://127.0.0.1:9/?token=old' });
    const lock = await acquire(temp.path);
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toMatchObject({ pid: process.pid, url: null });
  });

  it('takes over a lock whose process id lives on in another program that serves nothing there', async () => {
    const reused = otherProcess();
    const server = await answeringServer();
    await server.close();
    writeLock(temp.path, { pid: reused.pid, url: server.url });
    await acquire(temp.path);
  });

  it('takes over a lock that cannot be read, and one this process left earlier', async () => {
    writeLock(temp.path, 'not json');
    (await acquire(temp.path)).release();
    writeLock(temp.path, { pid: process.pid, url: 'http://127.0.0.1:9/' });
    await acquire(temp.path);
  });

  it('does not remove a lock that another process has taken over meanwhile', async () => {
    const lock = await acquire(temp.path);
    const other = otherProcess();
    writeLock(temp.path, { pid: other.pid, url: null });
    lock.release();
    expect(existsSync(lock.file)).toBe(true);
  });

  it('lets exactly one of several processes started at once hold the folder; the others point to it', async () => {
    // Each process locks the folder, and the holder serves HTTP and publishes its address, as `emotune serve` does.
    const script = `
      import { createServer } from 'node:http';
      import { lockDataDir } from ${JSON.stringify(join(import.meta.dirname, 'instance-lock.ts'))};
      const outcome = await lockDataDir(process.argv[1]);
      if ('running' in outcome) { console.log('running ' + outcome.running.pid); process.exit(0); }
      const server = createServer((_req, res) => res.writeHead(401).end());
      server.listen(0, '127.0.0.1', () => {
        outcome.lock.publish('http://127.0.0.1:' + server.address().port + '/?token=t');
        console.log('held ' + process.pid);
      });
    `;
    const starts = [1, 2, 3, 4].map(() => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script, temp.path], { stdio: ['ignore', 'pipe', 'inherit'] });
      cleanups.push(() => void child.kill('SIGKILL'));
      return new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
    });
    const said = await Promise.all(starts);
    const held = said.filter((line) => line.startsWith('held '));
    expect(held, said.join('; ')).toHaveLength(1);
    const holder = (held[0] as string).slice('held '.length);
    expect(said.filter((line) => line === `running ${holder}`)).toHaveLength(3);
  });
});
