import type { MessageTable } from './types.js';

/** Issue codes of the `repair` area. Add codes here only; keep them SCREAMING_SNAKE_CASE and prefixed by area. */
export const repairMessages = {} as const satisfies MessageTable;
