import { defineConfig } from 'tsup';
import { validateDefaultRulebook } from './src/rulebook/default.js';

// The default rulebook is validated here, once, with the rulebook schema (an invalid one fails the
// build), and its validated form and hash are embedded: defaultRulebook() then costs a JSON.parse
// instead of a schema validation (~60 ms) at every start.
const define = { __XINFENG_DEFAULT_RULEBOOK__: JSON.stringify(JSON.stringify(validateDefaultRulebook())) };

// Library: ESM + CJS, each with its own declaration file (.d.ts / .d.cts).
// CLI: a single CJS entry so `bin` works without a loader on Node 20.
export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: false, // cleaned by the build script: a per-config clean races with the CLI config
    target: 'node20',
    platform: 'node',
    treeshake: true,
    define,
  },
  {
    entry: { cli: 'src/cli/main.ts', worker: 'src/io/grade-worker.ts', 'inspection-worker': 'src/inspection/draw-worker.ts' },
    format: ['cjs'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
    define,
  },
]);
