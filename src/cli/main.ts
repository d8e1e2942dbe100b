import { parseArgs } from 'node:util';
import { COMMANDS } from './commands/index.js';
import { EXIT, UsageError, type CliContext } from './command.js';
import { isXinfengError } from '../_lib/issues/index.js';
import { LIBRARY_VERSION } from '../_lib/version.js';

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}\n  ${' '.repeat(width)}  ${c.summaryZh}`);
  return `xinfeng ${LIBRARY_VERSION} — 信风: 信用+风险 graded supervision, computed from dated, cited rules

Usage: xinfeng <command> [options]      xinfeng <command> --help

Commands:
${lines.join('\n')}

Options:
  --version   print the version
  --help      print this help

Exit codes (all commands):
  0  success
  1  the work ran and found differences or failures (e.g. verify-plan, check)
  2  usage error (unknown command or option, missing argument)
  3  input error (missing or invalid file, broken rulebook, missing required column)
  4  internal error (a bug in xinfeng)`;
}

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit code.
 * Exported for tests; the bin calls it with process.argv.slice(2).
 */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    ctx.stdout.write(`${mainHelp()}\n`);
    return name === undefined ? EXIT.USAGE : EXIT.OK;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    ctx.stdout.write(`${LIBRARY_VERSION}\n`);
    return EXIT.OK;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    ctx.stderr.write(`xinfeng: unknown command "${name}"\n\n${mainHelp()}\n`);
    return EXIT.USAGE;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: { ...cmd.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: cmd.allowPositionals ?? false,
      strict: true,
    });
  } catch (e) {
    ctx.stderr.write(`xinfeng ${name}: ${(e as Error).message}\n\n${cmd.help}\n`);
    return EXIT.USAGE;
  }
  if (parsed.values.help) {
    ctx.stdout.write(`${cmd.help}\n`);
    return EXIT.OK;
  }
  try {
    return await cmd.run(
      { values: parsed.values as Record<string, string | boolean | (string | boolean)[] | undefined>, positionals: parsed.positionals },
      ctx,
    );
  } catch (e) {
    if (e instanceof UsageError) {
      ctx.stderr.write(`xinfeng ${name}: ${e.message}\n\n${cmd.help}\n`);
      return EXIT.USAGE;
    }
    if (isXinfengError(e)) {
      for (const i of e.issues) ctx.stderr.write(`xinfeng ${name}: [${i.code}] ${i.messageZh}\n  ${i.message}\n`);
      return EXIT.INPUT;
    }
    ctx.stderr.write(`xinfeng ${name}: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return EXIT.INTERNAL;
  }
}

// Run only when executed as the bin (not when imported by tests).
const isMain = typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module;
if (isMain) {
  // `xinfeng … | head` closes the pipe early: that is the reader's choice, not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    cwd: process.cwd(),
    isTTY: Boolean(process.stderr.isTTY),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`xinfeng: internal error: ${String(e)}\n`);
      process.exitCode = EXIT.INTERNAL;
    },
  );
}
