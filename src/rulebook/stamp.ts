import { LIBRARY_VERSION } from '../_lib/version.js';
import { rulebookHash } from './load.js';
import type { Rulebook } from './schema.js';

/** What every xinfeng result carries: library version, rulebook id and hash, and asOf. */
export interface ResultStamp {
  readonly libraryVersion: string;
  readonly rulebookId: string;
  readonly rulebookHash: string;
  readonly asOf: string;
}

/**
 * The provenance stamp for results computed with `rulebook` on `asOf`.
 *
 * @example
 * ```ts
 * resultStamp(defaultRulebook(), '2025-06-30').rulebookHash;
 * ```
 */
export function resultStamp(rulebook: Rulebook, asOf: string): ResultStamp {
  return Object.freeze({ libraryVersion: LIBRARY_VERSION, rulebookId: rulebook.id, rulebookHash: rulebookHash(rulebook), asOf });
}
