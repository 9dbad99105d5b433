import { isErrorPayload, type ErrorCode, type ErrorPayload } from '../../../shared/errors.ts';

/** An error from the main side, with its stable code for the UI to branch on. */
export class ApiError extends Error {
  readonly code: ErrorCode;

  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = 'ApiError';
    this.code = payload.code;
  }
}

/** Both transports answer `{ ok: true, result }` or `{ ok: false, error: { code, message } }`. */
export function unwrap(body: unknown): unknown {
  if (typeof body === 'object' && body !== null && 'ok' in body) {
    const envelope = body as { ok: boolean; result?: unknown; error?: unknown };
    if (envelope.ok) return envelope.result ?? null;
    if (isErrorPayload(envelope.error)) throw new ApiError(envelope.error);
  }
  throw new ApiError({ code: 'internal', message: 'unexpected reply from Emotune' });
}
