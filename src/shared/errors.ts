/** Stable error codes: the UI and the CLI branch on these, never on message text. */
export const ERROR_CODES = [
  'invalid-input',
  'not-found',
  'unauthorized',
  'camera-unavailable',
  'model-load-failed',
  'folder-unreadable',
  'media-refused',
  'database-failed',
  'not-saved',
  'busy',
  'job-cancelled',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class EmotuneError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmotuneError';
    this.code = code;
  }
}

/** The wire form of an error, the same over IPC and HTTP. */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
}

export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof EmotuneError) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: 'internal', message: error.message };
  return { code: 'internal', message: String(error) };
}

export function isErrorPayload(value: unknown): value is ErrorPayload {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    (ERROR_CODES as readonly string[]).includes((value as { code: string }).code) &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}
