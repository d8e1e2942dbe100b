// Shared end of the document generators: write the generated text, or with --check compare it
// with the committed file and exit 1 (with `hint`) when it is not current.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';

export function writeOrCheck(root, out, text, hint) {
  const name = relative(root, out);
  if (process.argv.includes('--check')) {
    const cur = existsSync(out) ? readFileSync(out, 'utf8') : '';
    if (cur !== text) {
      console.error(`${name} is not current: ${hint}`);
      process.exit(1);
    }
    console.log(`${name} is current.`);
  } else {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
    console.log(`wrote ${name}`);
  }
}
