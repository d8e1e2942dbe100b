import type { z } from 'zod';
import { makeIssue, XinfengError, type Issue } from '../_lib/issues/index.js';
import { closest } from '../_lib/suggest.js';
import { canonicalJson, sha256Hex } from '../_lib/hash.js';
import { rulebookSchema, type Rulebook } from './schema.js';

/** Options for {@link loadRulebook}. */
export interface LoadRulebookOptions {
  /** Name of the input in messages (a file path, "default", …). */
  readonly source?: string;
}

/** Result of {@link safeLoadRulebook}. */
export type LoadRulebookResult =
  | { readonly ok: true; readonly rulebook: Rulebook; readonly hash: string }
  | { readonly ok: false; readonly issues: readonly [Issue, ...Issue[]] };

const hashes = new WeakMap<object, string>();

function jsonPath(path: readonly PropertyKey[]): string {
  let s = '$';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_$][\w$]*$/.test(p)) s += `.${p}`;
    else s += `[${JSON.stringify(String(p))}]`;
  }
  return s;
}

// Walks the zod schema along a data path to find the keys allowed there (for "did you mean").
function allowedKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let cur: unknown = schema;
  const unwrap = (s: unknown): unknown => {
    for (let i = 0; i < 20; i++) {
      const def = (s as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
      if (!def) return s;
      if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default' || def.type === 'readonly') s = def.innerType;
      else if (def.type === 'pipe') s = def.in;
      else if (def.type === 'lazy') s = (def.getter as () => unknown)();
      else return s;
    }
    return s;
  };
  for (const seg of path) {
    cur = unwrap(cur);
    const def = (cur as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
    if (!def) return [];
    if (def.type === 'object') cur = (def.shape as Record<string, unknown>)[String(seg)];
    else if (def.type === 'array') cur = def.element;
    else if (def.type === 'record') cur = def.valueType;
    else if (def.type === 'union') {
      const opts = def.options as unknown[];
      cur = opts.find((o) => {
        const d = (unwrap(o) as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
        return d?.type === 'object' && String(seg) in (d.shape as object);
      }) ?? opts[0];
    } else return [];
    if (cur === undefined) return [];
  }
  cur = unwrap(cur);
  const def = (cur as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
  return def?.type === 'object' ? Object.keys(def.shape as object) : [];
}

/** Converts zod issues to xinfeng issues naming JSON path, expected shape and closest key. */
export function zodIssuesToIssues(
  schema: z.ZodType,
  zIssues: readonly z.core.$ZodIssue[],
  source: string,
  codes: { invalid: 'RULEBOOK_INVALID' | 'RULEBOOK_OVERRIDE_INVALID' } = { invalid: 'RULEBOOK_INVALID' },
): Issue[] {
  const out: Issue[] = [];
  for (const zi of zIssues) {
    if (zi.code === 'unrecognized_keys') {
      const allowed = allowedKeysAt(schema, zi.path);
      for (const key of zi.keys) {
        const near = closest(key, allowed);
        const path = [...zi.path, key];
        out.push(
          makeIssue(
            'RULEBOOK_UNKNOWN_KEY',
            {
              source,
              key,
              path: jsonPath(zi.path),
              suggestion: near ? ` (did you mean "${near}"?)` : allowed.length ? ` (allowed: ${allowed.join(', ')})` : '',
              suggestionZh: near ? `（是否应为“${near}”？）` : allowed.length ? `（允许的键：${allowed.join('、')}）` : '',
            },
            { path: path.map((p) => (typeof p === 'number' ? p : String(p))) },
          ),
        );
      }
      continue;
    }
    let reason = zi.message;
    if (zi.code === 'invalid_type') reason = `expected ${zi.expected}; ${zi.message}`;
    out.push(
      makeIssue(codes.invalid, { source, path: jsonPath(zi.path), reason }, {
        path: zi.path.map((p) => (typeof p === 'number' ? p : String(p))),
      }),
    );
  }
  return out;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/**
 * Validates a rulebook without throwing.
 *
 * @example
 * ```ts
 * const r = safeLoadRulebook(text, { source: 'my-rules.json' });
 * if (!r.ok) for (const i of r.issues) console.error(i.messageZh);
 * ```
 */
export function safeLoadRulebook(input: string | unknown, options: LoadRulebookOptions = {}): LoadRulebookResult {
  const source = options.source ?? 'rulebook';
  let data: unknown = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input);
    } catch (e) {
      return { ok: false, issues: [makeIssue('RULEBOOK_JSON_SYNTAX', { source, reason: (e as Error).message })] };
    }
  }
  const parsed = rulebookSchema.safeParse(data);
  if (!parsed.success) {
    const issues = zodIssuesToIssues(rulebookSchema, parsed.error.issues, source);
    return { ok: false, issues: issues as [Issue, ...Issue[]] };
  }
  const rulebook = deepFreeze(parsed.data);
  const hash = sha256Hex(canonicalJson(rulebook));
  hashes.set(rulebook, hash);
  return { ok: true, rulebook, hash };
}

/**
 * A rulebook that already passed {@link safeLoadRulebook} (its validated output, e.g. serialised by
 * the build): frozen and registered with its hash like a freshly validated one. Internal: callers
 * outside the library go through {@link loadRulebook}.
 */
export function adoptValidatedRulebook(validated: Rulebook, hash: string): Rulebook {
  const rulebook = deepFreeze(validated);
  hashes.set(rulebook, hash);
  return rulebook;
}

/**
 * Loads and validates a rulebook from JSON text or a parsed object. Throws a
 * {@link XinfengError} whose `issues` name every fault by JSON path (unknown keys suggest the
 * closest valid key). The returned rulebook is deeply frozen.
 *
 * @example
 * ```ts
 * const rb = loadRulebook(fs.readFileSync('rules.json', 'utf8'), { source: 'rules.json' });
 * ```
 */
export function loadRulebook(input: string | unknown, options: LoadRulebookOptions = {}): Rulebook {
  const r = safeLoadRulebook(input, options);
  if (!r.ok) throw new XinfengError(r.issues);
  return r.rulebook;
}

/**
 * SHA-256 (hex) of the rulebook's canonical JSON serialisation (sorted keys, no whitespace):
 * the identity every result carries.
 *
 * @example
 * ```ts
 * rulebookHash(defaultRulebook()); // '3f2a…'
 * ```
 */
export function rulebookHash(rulebook: Rulebook): string {
  let h = hashes.get(rulebook);
  if (h === undefined) {
    h = sha256Hex(canonicalJson(rulebook));
    if (Object.isFrozen(rulebook)) hashes.set(rulebook, h);
  }
  return h;
}
