/**
 * `svyazio-migrate`: flags → migrate() → print. Everything process-wide (argv,
 * streams, exit code) comes in through `run`'s arguments so tests drive it in
 * process. Exit codes: 0 done, 1 `--check` found references or files failed,
 * 2 bad usage or an unreadable path — each error is one line, never a stack.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import { DEFAULT_JOBS, DEFAULT_MAX_SIZE, migrate, MigrateError, PathError } from '../codemod/migrate.js';
import { progressBar } from '../codemod/progress.js';
import { formatCheck, formatDiff, formatJson, formatText } from '../codemod/report.js';

export interface Output {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Io {
  stdout: Output;
  stderr: Output;
  /** Resolves when a long-running command (preview) should stop; defaults to SIGINT/SIGTERM. */
  stop?: Promise<void>;
}

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

const NAME = 'svyazio-migrate';
/** How many uncommitted changes a refusal lists before summarising the rest. */
const LISTED_CHANGES = 20;

class UsageError extends Error {}

interface MainOptions {
  dryRun?: boolean;
  check?: boolean;
  json?: boolean;
  orgId?: string;
  scriptUrl?: string;
  include: string[];
  exclude: string[];
  jobs: number;
  maxSize: number;
  force?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError('expected a positive whole number.');
  return n;
}

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('expected a port number (0–65535).');
  return n;
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

function size(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const unit = match ? SIZE_UNITS[match[2].toLowerCase()] : undefined;
  if (!match || unit === undefined || Number(match[1]) <= 0) throw new InvalidArgumentError('expected a size such as 500000, 512k or 2mb.');
  return Math.floor(Number(match[1]) * unit);
}

function scriptUrl(value: string): string {
  try {
    const url = new URL(value.startsWith('//') ? `https:${value}` : value);
    if (url.protocol === 'https:' || url.protocol === 'http:') return value;
  } catch {
    // Reported below, as for any other non-http URL.
  }
  throw new InvalidArgumentError('expected an http(s) or protocol-relative URL.');
}

function orgId(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('expected a non-empty ID.');
  return value;
}

const EXAMPLES = `
Examples:
  $ ${NAME} --dry-run ./site            show the diff, write nothing
  $ ${NAME} ./site                      migrate the site in place (in a clean git tree)
  $ ${NAME} --org-id abc123 ./site      install a literal org ID instead of carrying the Chatra one over
  $ ${NAME} --check .                   CI: list Chatra references left, exit 1 if any
  $ ${NAME} --json . > report.json      the report as JSON (docs/report-schema.md)
  $ ${NAME} --exclude 'legacy/**' --include '**/*.html' .
  $ ${NAME} preview ./site --port 8787  serve the migrated site with the local widget

Exit codes: 0 done, 1 --check found references or some files failed, 2 bad usage or unreadable path.
`;

function program(io: Io, result: { code: number }): Command {
  const cmd = new Command(NAME)
    .description('Rewrite a site from the Chatra live-chat widget to Svyazio: names, loader snippet, CSS, hashes, npm.')
    .version(pkg.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .argument('[paths...]', 'files or directories to migrate (default: .)')
    .option('--dry-run', 'print a unified diff of the changes; write nothing')
    .option('--check', 'write nothing; list every remaining Chatra reference as file:line:col rule message; exit 1 if any')
    .option('--json', 'print the report as JSON')
    .option('--org-id <id>', 'literal Svyazio org ID to install everywhere (default: carry the Chatra ID expression over)', orgId)
    .option('--script-url <url>', 'Svyazio script URL for the loader', scriptUrl)
    .option('--include <glob>', 'only files matching this glob (repeatable)', collect, [])
    .option('--exclude <glob>', 'skip paths matching this glob (repeatable)', collect, [])
    .addOption(new Option('-j, --jobs <n>', 'files processed at once').argParser(positiveInt).default(DEFAULT_JOBS))
    .addOption(new Option('--max-size <bytes>', 'skip files larger than this (e.g. 512k, 2mb)').argParser(size).default(DEFAULT_MAX_SIZE, '1mb'))
    .option('--force', 'write even when the git tree has uncommitted changes')
    .option('-q, --quiet', 'no summary and no progress bar (a dry run still prints its diff)')
    .option('-v, --verbose', 'also list skipped files and warnings')
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[], options: MainOptions) => {
      result.code = await migrateCommand(paths, options, io);
    });

  cmd
    .command('preview')
    .description('serve a (migrated) site locally with the Svyazio widget routed to this package’s bundle')
    .argument('[dir]', 'the site directory', '.')
    .addOption(new Option('--port <n>', 'port to listen on').argParser(port).default(8787))
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .action(async (dir: string, options: { port: number; host: string }) => {
      result.code = await previewCommand(dir, options, io);
    });
  return cmd;
}

async function migrateCommand(paths: string[], options: MainOptions, io: Io): Promise<number> {
  if (options.quiet && options.verbose) throw new UsageError('--quiet and --verbose cannot be used together');
  const bar = options.quiet || options.json || options.check ? progressBar({ write: () => true }) : progressBar(io.stderr);
  const report = await migrate(paths, {
    dryRun: options.dryRun,
    check: options.check,
    orgId: options.orgId,
    scriptUrl: options.scriptUrl,
    include: options.include,
    exclude: options.exclude,
    jobs: options.jobs,
    maxSize: options.maxSize,
    force: options.force,
    diff: options.dryRun && !options.json && !options.check,
    onProgress: (p) => bar.update(p),
  }).finally(() => bar.done());

  if (options.json) {
    io.stdout.write(formatJson(report));
  } else if (options.check) {
    io.stdout.write(formatCheck(report));
  } else {
    if (options.dryRun) io.stdout.write(formatDiff(report, io.stdout.isTTY === true));
    // With a diff on stdout, the summary goes to stderr so `--dry-run > x.patch` is a clean patch.
    if (!options.quiet) (options.dryRun ? io.stderr : io.stdout).write(formatText(report, { verbose: options.verbose }));
  }
  if (options.check && report.summary.references > 0) return EXIT.findings;
  return report.summary.failed > 0 ? EXIT.findings : EXIT.ok;
}

async function previewCommand(dir: string, options: { port: number; host: string }, io: Io): Promise<number> {
  const { runPreview } = await import('./preview.js');
  const server = await runPreview({ dir, port: options.port, host: options.host, log: (s) => io.stderr.write(`${s}\n`) });
  io.stdout.write(`preview: ${server.url} (Ctrl+C to stop)\n`);
  await (io.stop ?? interrupted());
  await server.close();
  return EXIT.ok;
}

function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/** Parses `argv` (without node and script), runs the command, returns the exit code. */
export async function run(argv: string[], io: Io): Promise<number> {
  const result = { code: EXIT.ok as number };
  try {
    await program(io, result).parseAsync(argv, { from: 'user' });
    return result.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version "fail" with code 0; commander has already printed the rest.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError || error instanceof PathError) {
      io.stderr.write(`${NAME}: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof MigrateError) {
      io.stderr.write(`${NAME}: ${error.message}\n`);
      for (const line of error.details.slice(0, LISTED_CHANGES)) io.stderr.write(`  ${line}\n`);
      if (error.details.length > LISTED_CHANGES) io.stderr.write(`  … and ${error.details.length - LISTED_CHANGES} more\n`);
      return EXIT.usage;
    }
    io.stderr.write(`${NAME}: ${(error as Error).message ?? String(error)}\n`);
    return EXIT.findings;
  }
}
