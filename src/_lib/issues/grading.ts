import type { MessageTable } from './types.js';

/** Issue codes of the `grading` area. Add codes here only; keep them SCREAMING_SNAKE_CASE and prefixed by area. */
export const gradingMessages = {} as const satisfies MessageTable;
