import { createHash, createHmac } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, arrays in order.
 * `undefined` members are dropped (as JSON.stringify does). Used for content hashes.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [true, null] }); // '{"a":[true,null],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/**
 * SHA-256 hex digest of a string or bytes.
 *
 * @example
 * ```ts
 * sha256Hex('abc').slice(0, 8); // 'ba7816bf'
 * ```
 */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * HMAC-SHA-256 hex digest. The key never leaves this function.
 *
 * @example
 * ```ts
 * hmacSha256Hex(agencyKey, payload);
 * ```
 */
export function hmacSha256Hex(key: string | Uint8Array, data: string | Uint8Array): string {
  return createHmac('sha256', key).update(data).digest('hex');
}
