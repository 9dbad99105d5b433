import { Readable } from 'node:stream';
import { protocol } from 'electron';
import { toErrorPayload } from '../../shared/errors.ts';
import { createCoverResponse, createMediaResponse, type Services } from '../app/index.ts';

/** emotune-media://song/<id> and emotune-media://cover/<id>: the Electron twins of browser mode's /media/…. */
export const MEDIA_SCHEME = 'emotune-media';

export function handleMediaProtocol(services: Services): void {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    const url = new URL(request.url);
    const id = ['song', 'cover'].includes(url.hostname) ? /^\/(\d{1,15})$/.exec(url.pathname)?.[1] : undefined;
    if (!id) return new Response('media is served by song id only', { status: 403 });
    try {
      const media =
        url.hostname === 'cover'
          ? createCoverResponse(services.repository, services.coversDir, Number(id))
          : createMediaResponse(services.repository, Number(id), request.headers.get('range'));
      const body = media.body ? (Readable.toWeb(media.body) as ReadableStream<Uint8Array>) : null;
      return new Response(body, { status: media.status, headers: media.headers });
    } catch (error) {
      const payload = toErrorPayload(error);
      return new Response(payload.message, { status: payload.code === 'not-found' ? 404 : 403 });
    }
  });
}
