#!/usr/bin/env node
// The `emotune` command: runs the built CLI (npm run build makes out/main/cli.js).
import { existsSync } from 'node:fs';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('emotune: not built yet; run `npm run build` in the Emotune folder first\n');
  process.exit(1);
}
await import(cli.href);
