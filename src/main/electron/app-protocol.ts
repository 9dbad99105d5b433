import { Readable } from 'node:stream';
import { protocol } from 'electron';
import { openStaticFile } from '../server/index.ts';
import { APP_SCHEME, ELECTRON_CSP } from './app-policy.ts';
import { MEDIA_SCHEME } from './media-protocol.ts';

/** Both of the app's schemes, registered in one call before the app is ready (a second call would replace the first). */
export function registerSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
    { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true } },
  ]);
}

/** emotune-app://renderer/<path>: the built renderer's files, confined to its folder, with the app's CSP. */
export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => {
    const url = new URL(request.url);
    const file = url.hostname === 'renderer' ? openStaticFile(rendererDir, url.pathname) : null;
    if (!file) return new Response('not found', { status: 404 });
    return new Response(Readable.toWeb(file.stream) as ReadableStream<Uint8Array>, {
      status: 200,
      headers: { 'Content-Type': file.type, 'Content-Security-Policy': ELECTRON_CSP, 'X-Content-Type-Options': 'nosniff' },
    });
  });
}
