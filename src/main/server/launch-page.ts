import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const LAUNCH_PAGE = 'open-emotune.html';

/**
 * `serve --open` must not hand the tokened address to the browser launcher: a command line is visible to
 * every local user (`ps`). As Jupyter does, it writes a page readable by the user only (0600, in the private
 * data folder) that forwards to the address, and opens that file instead. Returns the file's URL, which
 * carries no secret.
 */
export function writeLaunchPage(dataDir: string, url: string): { file: string; fileUrl: string } {
  const file = join(dataDir, LAUNCH_PAGE);
  const escaped = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="0;url=${escaped}">
<title>Opening Emotune…</title>
</head>
<body>
<p>Opening Emotune… If nothing happens, <a href="${escaped}">open it here</a>.</p>
</body>
</html>
`;
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, html, { mode: 0o600 });
  renameSync(temp, file);
  return { file, fileUrl: pathToFileURL(file).href };
}

export function removeLaunchPage(dataDir: string): void {
  rmSync(join(dataDir, LAUNCH_PAGE), { force: true });
}
