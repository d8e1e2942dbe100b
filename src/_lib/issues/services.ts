import type { MessageTable } from './types.js';

/** Issue codes of the `services` area. Add codes here only; keep them SCREAMING_SNAKE_CASE and prefixed by area. */
export const servicesMessages = {} as const satisfies MessageTable;
