import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const IDENTITY_FILE = 'browser-mode.json';

/**
 * Browser mode's address between runs: the port it last listened on and its access token, in the private data
 * folder (0600). A restart takes both again, so a tab left open reconnects by itself (the same origin and
 * cookie), as a desktop app's window would come back. A new token is made when there is none, and with
 * `--new-token`; the port is asked for again, and a busy one gives way to any free port.
 */
export function readIdentity(dataDir: string): { port: number | null; token: string | null } {
  try {
    const saved = JSON.parse(readFileSync(join(dataDir, IDENTITY_FILE), 'utf8')) as { port?: unknown; token?: unknown };
    const port = Number.isInteger(saved.port) && (saved.port as number) > 0 && (saved.port as number) < 65_536 ? (saved.port as number) : null;
    const token = typeof saved.token === 'string' && /^[A-Za-z0-9_-]{32,128}$/.test(saved.token) ? saved.token : null;
    return { port, token };
  } catch {
    return { port: null, token: null };
  }
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function writeIdentity(dataDir: string, identity: { port: number; token: string }): void {
  const file = join(dataDir, IDENTITY_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(identity), { mode: 0o600 });
  renameSync(temp, file);
}
