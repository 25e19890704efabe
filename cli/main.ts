/** The `svyazio-migrate` executable: real argv and streams into `run`. */
import { run } from './run.js';

// `svyazio-migrate --dry-run . | head`: a reader that goes away is not an error.
// Output is printed after all writes, so leaving here never interrupts one.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
