import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/main.js';
import type { CliContext } from '../../src/cli/command.js';

/**
 * A CLI context whose stdout and stderr are captured as text, for tests that run a command.
 *
 * @example
 * ```ts
 * const x = captureCli(root); const code = await someCommand.run(args, x.c); x.out(); x.err();
 * ```
 */
export function captureCli(cwd: string = process.cwd()): { c: CliContext; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  return { c: { stdout, stderr, stdin: new PassThrough(), cwd, isTTY: false }, out: () => out, err: () => err };
}

/** Runs `xinfeng <args>` in `cwd` and returns the exit code with the captured output. */
export async function runCliCaptured(args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const x = captureCli(cwd);
  const code = await runCli(args, x.c);
  return { code, stdout: x.out(), stderr: x.err() };
}
