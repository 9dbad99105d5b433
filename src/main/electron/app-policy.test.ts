import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, devToolsAllowed, ELECTRON_CSP, isAppUrl, rendererUrl } from './app-policy.ts';

describe('the Electron shell\'s policy (Electron cannot start here; these are its decisions)', () => {
  it('loads the renderer through the app scheme, and the dev server only when unpackaged and on loopback', () => {
    expect(rendererUrl({ isPackaged: true, env: { ELECTRON_RENDERER_URL: 'http://localhost:5173/' } })).toBe(`${APP_ORIGIN}/index.html`);
    expect(rendererUrl({ isPackaged: false, env: {} })).toBe(`${APP_ORIGIN}/index.html`);
    expect(rendererUrl({ isPackaged: false, env: { ELECTRON_RENDERER_URL: 'http://localhost:5173/' } })).toBe('http://localhost:5173/');
    expect(rendererUrl({ isPackaged: false, env: { ELECTRON_RENDERER_URL: 'https://evil.example/' } })).toBe(`${APP_ORIGIN}/index.html`);
    expect(rendererUrl({ isPackaged: false, env: { ELECTRON_RENDERER_URL: 'http://localhost.evil.example/' } })).toBe(`${APP_ORIGIN}/index.html`);
  });

  it('has no DevTools when packaged, and no navigation off the app', () => {
    expect(devToolsAllowed(true)).toBe(false);
    expect(devToolsAllowed(false)).toBe(true);
    expect(isAppUrl(`${APP_ORIGIN}/index.html#settings`, `${APP_ORIGIN}/index.html`)).toBe(true);
    expect(isAppUrl('https://evil.example/', `${APP_ORIGIN}/index.html`)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', `${APP_ORIGIN}/index.html`)).toBe(false);
  });

  it('runs the renderer under a CSP without WebSocket or eval, media only from the media scheme', () => {
    expect(ELECTRON_CSP).not.toMatch(/ws:/);
    expect(ELECTRON_CSP).not.toMatch(/unsafe-eval|unsafe-inline|wasm-unsafe-eval/);
    expect(ELECTRON_CSP).toMatch(/media-src 'self' emotune-media:/);
    expect(ELECTRON_CSP).toMatch(/object-src 'none'/);
  });

  it('packages with the fuses that close Node entry points and check the archive', () => {
    const config = JSON.parse(readFileSync(join(import.meta.dirname, '../../../electron-builder.json'), 'utf8'));
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });
});
