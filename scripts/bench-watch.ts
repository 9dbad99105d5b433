// npm run bench:watch [-- --files 20000 --per-folder 50] — what watching a library folder costs: Node's own
// recursive fs.watch against Emotune's FolderWatcher (one watch per directory, asynchronous walk), on a
// temporary tree of empty files. Prints JSON: inotify watches held, time to be ready, and the longest the
// event loop was blocked meanwhile. Linux only (it counts inotify watches in /proc).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { FolderWatcher } from '../src/main/library/folder-watcher.ts';

const { values } = parseArgs({ options: { files: { type: 'string', default: '20000' }, 'per-folder': { type: 'string', default: '50' } } });
const files = Number(values.files);
const perFolder = Number(values['per-folder']);
if (process.platform !== 'linux') {
  process.stderr.write('bench:watch counts inotify watches: Linux only\n');
  process.exit(1);
}

const inotifyWatches = (): number => {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fdinfo')) {
    try {
      n += (readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8').match(/^inotify/gm) ?? []).length;
    } catch {
      // an fd closed meanwhile
    }
  }
  return n;
};

const measure = async (start: () => Promise<() => void>): Promise<{ watches: number; readyMs: number; maxEventLoopBlockMs: number }> => {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  await new Promise((r) => setTimeout(r, 50)); // the monitor's timer is running before the work starts
  const t = performance.now();
  const stop = await start();
  const readyMs = performance.now() - t;
  await new Promise((r) => setTimeout(r, 50));
  delay.disable();
  const watches = inotifyWatches();
  stop();
  return { watches, readyMs: Math.round(readyMs), maxEventLoopBlockMs: Math.round(delay.max / 1e6) };
};

const root = mkdtempSync(join(tmpdir(), 'emotune-watch-'));
try {
  for (let i = 0; i < files; i += 1) {
    const dir = join(root, `Artist ${Math.floor(i / perFolder / 10)}`, `Album ${Math.floor(i / perFolder)}`);
    if (i % perFolder === 0) mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${i}.mp3`), '');
  }
  const nodeRecursive = await measure(async () => {
    const watcher = watch(root, { recursive: true, persistent: false }, () => {});
    return () => watcher.close();
  });
  const emotune = await measure(async () => {
    const watcher = new FolderWatcher({ onChanged: () => {}, perDirectory: true });
    await watcher.set([root]);
    return () => watcher.close();
  });
  const directories = 1 + Math.ceil(files / perFolder) + Math.ceil(files / perFolder / 10);
  process.stdout.write(`${JSON.stringify({ files, directories, node: process.version, nodeRecursive, emotune }, null, 2)}\n`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
