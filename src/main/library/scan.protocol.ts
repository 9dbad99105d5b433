import type { ImportError } from '../../shared/api/index.ts';
import type { ScanCounts } from './folder-scan.ts';
import type { FileStamp, ScannedSong } from './library.repository.ts';

/** To the scan worker: one import, then perhaps a cancel. */
export type ToScanWorker =
  | { type: 'scan'; folder: string; known: [string, FileStamp][]; batchSize: number; coversDir: string | null; exclude: string[] }
  | { type: 'cancel' };

/** From the scan worker. */
export type FromScanWorker =
  | { type: 'batch'; songs: ScannedSong[]; errors: ImportError[] }
  | { type: 'progress'; phase: string; done: number; total: number | null; current: string | null }
  | { type: 'done'; counts: ScanCounts; vanished: string[] }
  | { type: 'cancelled'; counts: ScanCounts }
  | { type: 'failed'; message: string };
