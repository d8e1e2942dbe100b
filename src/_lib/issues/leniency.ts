import type { MessageTable } from './types.js';

/** Issue codes of the `leniency` area. Add codes here only; keep them SCREAMING_SNAKE_CASE and prefixed by area. */
export const leniencyMessages = {} as const satisfies MessageTable;
