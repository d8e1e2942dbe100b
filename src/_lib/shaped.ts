/**
 * An empty array whose elements kind is already that of `sample` (V8 keeps an array's elements kind
 * when it is emptied): arrays made afresh per partition then have the shape the optimised code saw
 * before, instead of turning from "small integers" to "anything" at their first push and sending
 * that code back to the interpreter.
 *
 * @example
 * ```ts
 * const names = emptyLike(''); // string[] of length 0
 * ```
 */
export function emptyLike<T>(sample: T): T[] {
  const a = [sample];
  a.length = 0;
  return a;
}
