import { runCli } from './run-cli.ts';

// `emotune` entry point: built to out/main/cli.js and started by bin/emotune.js.
const stopSignal = new Promise<void>((resolve) => {
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
});
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  entryUrl: import.meta.url,
  env: process.env,
  stopSignal,
});
