import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultRulebook, loadRulebook, type Rulebook } from '../rulebook/index.js';
import { makeIssue, XinfengError } from '../_lib/issues/index.js';

/** Loads `--rulebook FILE` (resolved against cwd) or the default rulebook. */
export function loadRulebookOption(file: string | undefined, cwd: string): Rulebook {
  if (!file) return defaultRulebook();
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new XinfengError(makeIssue('FILE_READ_FAILED', { file, reason: (e as Error).message }));
  }
  return loadRulebook(text, { source: file });
}

/** Writes a line to a stream. */
export function println(stream: NodeJS.WritableStream, line = ''): void {
  stream.write(`${line}\n`);
}
