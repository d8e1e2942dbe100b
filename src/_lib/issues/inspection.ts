import type { MessageTable } from './types.js';

/** Issue codes of the `inspection` area. Add codes here only; keep them SCREAMING_SNAKE_CASE and prefixed by area. */
export const inspectionMessages = {} as const satisfies MessageTable;
