/** A camera source as the user gives it: a device index ("0") or a video file path. */
export type CameraSource = { kind: 'device'; index: number } | { kind: 'file'; path: string };

export function parseCameraSource(text: string): CameraSource {
  const trimmed = text.trim();
  return /^\d{1,3}$/.test(trimmed) ? { kind: 'device', index: Number(trimmed) } : { kind: 'file', path: trimmed };
}

export function describeCameraSource(source: CameraSource): string {
  return source.kind === 'device' ? `camera ${source.index}` : `video file ${source.path}`;
}
