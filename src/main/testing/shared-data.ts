import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * ../shared beside the checkout holds real test material (faces, music, song tables, FER-2013). CI always has
 * it; a user's fresh clone does not, so tests that need it skip with this message instead of failing.
 */
export const SHARED_DIR = resolve(import.meta.dirname, '../../../../shared');

export function sharedPath(...parts: string[]): string {
  return join(SHARED_DIR, ...parts);
}

export function hasShared(...parts: string[]): boolean {
  return existsSync(sharedPath(...parts));
}

export function skipMessage(...parts: string[]): string {
  return `skipped: ${sharedPath(...parts)} is absent (test material lives in ../shared beside the checkout; CI has it)`;
}

export interface FaceLabel {
  file: string;
  label: string;
  expectedFaces: number;
  haarDefaultDetections: number;
}

export function parseFaceLabels(csv: string): FaceLabel[] {
  const [header, ...rows] = csv.trim().split('\n');
  const columns = (header ?? '').split(',');
  const at = (name: string): number => columns.indexOf(name);
  return rows.map((row) => {
    const cells = row.split(',');
    return {
      file: cells[at('file')] ?? '',
      label: cells[at('label')] ?? '',
      expectedFaces: Number(cells[at('expected_faces')]),
      haarDefaultDetections: Number(cells[at('haar_default_detections')]),
    };
  });
}
