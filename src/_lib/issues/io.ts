import type { MessageTable } from './types.js';

/** Issue codes of the `io` area. Add codes here only; keep them SCREAMING_SNAKE_CASE and prefixed by area. */
export const ioMessages = {} as const satisfies MessageTable;
