export { audioMimeType, isAudioFile } from './audio-files.ts';
export { openDatabase } from './db/open-database.ts';
export { migrate } from './db/migrate.ts';
export { MIGRATIONS, type Migration } from './db/migrations.ts';
export { LibraryImporter, type LibraryImporterDeps } from './library-importer.ts';
export { LibraryRepository, type FileStamp, type ScannedSong } from './library.repository.ts';
export { ScanCancelled, scanForChanges, type ScanCounts, type ScanSink } from './folder-scan.ts';
export { readTags } from './read-tags.ts';
export { scanFolder } from './scan-folder.ts';
