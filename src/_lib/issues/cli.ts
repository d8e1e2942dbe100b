import type { MessageTable } from './types.js';

/** Issue codes of the `cli` area. Add codes here only; keep them SCREAMING_SNAKE_CASE and prefixed by area. */
export const cliMessages = {} as const satisfies MessageTable;
