import { makeIssue, XinfengError, type Issue } from '../_lib/issues/index.js';
import { canonicalJson, sha256Hex } from '../_lib/hash.js';
import { leniencyListSchema, type LeniencyItemData, type LeniencyListData } from './schema.js';
import { BUILTIN_LIST_JSON } from './builtin-lists.js';

/**
 * One list item with its stable id `${listId}#${itemNo}` and its list.
 * @example
 * ```ts
 * defaultLeniencyLists().flatMap((l) => l.items).map((it: LeniencyItem) => it.id);
 * ```
 */
export interface LeniencyItem extends LeniencyItemData {
  readonly id: string;
  readonly listId: string;
}

/**
 * A validated, frozen leniency list (免罚/免强清单): the data plus item ids and a content hash.
 * @example
 * ```ts
 * const l: LeniencyList = loadLeniencyList(json); l.hash;
 * ```
 */
export interface LeniencyList extends Omit<LeniencyListData, 'items'> {
  readonly items: readonly LeniencyItem[];
  /** sha256 of the canonical JSON of the list (items in itemNo order, so item order does not change it). */
  readonly hash: string;
}

/**
 * Result of {@link safeLoadLeniencyList}.
 * @example
 * ```ts
 * const r: LoadLeniencyListResult = safeLoadLeniencyList(json); if (!r.ok) console.error(r.issues);
 * ```
 */
export type LoadLeniencyListResult =
  | { readonly ok: true; readonly list: LeniencyList }
  | { readonly ok: false; readonly issues: readonly [Issue, ...Issue[]] };

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

function fieldPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? String(p) : `.${String(p)}`;
  return s || '(list)';
}

/**
 * Validates a leniency list without throwing. Every fault names the list, the item
 * (`LIST#itemNo`, or `(list)` for list-level fields) and the field.
 *
 * @example
 * ```ts
 * const r = safeLoadLeniencyList(JSON.parse(text), { source: 'my-list.json' });
 * if (!r.ok) for (const i of r.issues) console.error(i.messageZh);
 * ```
 */
export function safeLoadLeniencyList(input: unknown, options: { source?: string } = {}): LoadLeniencyListResult {
  let data = input;
  const raw = (): Record<string, unknown> => (typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {});
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input);
    } catch (e) {
      return { ok: false, issues: [makeIssue('LENIENCY_LIST_JSON_SYNTAX', { list: options.source ?? 'list', reason: (e as Error).message })] };
    }
  }
  const listName = typeof raw().id === 'string' ? `${String(raw().id)}${options.source ? ` (${options.source})` : ''}` : (options.source ?? 'list');
  const parsed = leniencyListSchema.safeParse(data);
  if (!parsed.success) {
    const items = Array.isArray(raw().items) ? (raw().items as unknown[]) : [];
    const issues = parsed.error.issues.map((zi) => {
      let item = '(list)';
      let rest: readonly PropertyKey[] = zi.path;
      if (zi.path[0] === 'items' && typeof zi.path[1] === 'number') {
        const it = items[zi.path[1]] as { itemNo?: unknown } | undefined;
        item = typeof it?.itemNo === 'string' ? `${String(raw().id ?? '?')}#${it.itemNo}` : `items[${zi.path[1]}]`;
        rest = zi.path.slice(2);
      }
      let reason = zi.message;
      let field = fieldPath(rest);
      if (zi.code === 'unrecognized_keys') {
        reason = `unknown key(s) ${zi.keys.join(', ')}`;
        field = zi.keys.map((k) => fieldPath([...rest, k])).join(', ');
      }
      return makeIssue('LENIENCY_LIST_INVALID', { list: listName, item, field, reason }, {
        path: zi.path.map((p) => (typeof p === 'number' ? p : String(p))),
      });
    });
    return { ok: false, issues: issues as [Issue, ...Issue[]] };
  }
  const d = parsed.data;
  // Order-insensitive: the same items in another order are the same list.
  const hash = sha256Hex(canonicalJson({ ...d, $schema: undefined, items: [...d.items].sort((a, b) => (a.itemNo < b.itemNo ? -1 : a.itemNo > b.itemNo ? 1 : 0)) }));
  const list: LeniencyList = {
    ...d,
    items: d.items.map((it) => ({ ...it, id: `${d.id}#${it.itemNo}`, listId: d.id })),
    hash,
  };
  return { ok: true, list: deepFreeze(list) };
}

/**
 * Validates a leniency list (a caller's own list or a bundled one) and returns it frozen, with item
 * ids. Adding a list is adding such a data file; a malformed list is rejected naming the item and
 * field.
 *
 * @throws XinfengError `LENIENCY_LIST_INVALID` (all faults) or `LENIENCY_LIST_JSON_SYNTAX`.
 * @example
 * ```ts
 * const list = loadLeniencyList(JSON.parse(readFileSync('district-list.json', 'utf8')), { source: 'district-list.json' });
 * decideLeniency(caseFacts, { asOf: '2025-06-30', lists: [...defaultLeniencyLists(), list] });
 * ```
 */
export function loadLeniencyList(input: unknown, options: { source?: string } = {}): LeniencyList {
  const r = safeLoadLeniencyList(input, options);
  if (!r.ok) throw new XinfengError(r.issues);
  return r.list;
}

let builtin: readonly LeniencyList[] | undefined;

/**
 * The bundled lists (data/leniency/*.json): SAMR 2025 首违/轻微 lists, the national tax 首违不罚
 * lists, Shanghai fire / city management / market / ecology lists, the 长三角 免强 situations, the
 * Hangzhou and Tianjin comparison lists and the statute-level special rules. Sorted by id.
 *
 * @example
 * ```ts
 * defaultLeniencyLists().map((l) => l.id); // ['CN-STATUTE-SPECIAL', 'CULT-TJ-2021', …]
 * ```
 */
export function defaultLeniencyLists(): readonly LeniencyList[] {
  builtin ??= Object.freeze(
    Object.entries(BUILTIN_LIST_JSON)
      .map(([file, json]) => loadLeniencyList(json, { source: `data/leniency/${file}` }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  );
  return builtin;
}

/**
 * Checks a set of lists for duplicate ids and returns them sorted by id (the decision never depends
 * on the order lists are given in).
 *
 * @throws XinfengError `LENIENCY_LIST_DUPLICATE`.
 * @example
 * ```ts
 * const lists = combineLeniencyLists([...defaultLeniencyLists(), myList]);
 * ```
 */
export function combineLeniencyLists(lists: readonly LeniencyList[]): readonly LeniencyList[] {
  const seen = new Map<string, LeniencyList>();
  for (const l of lists) {
    const prev = seen.get(l.id);
    if (prev && prev.hash !== l.hash) {
      throw new XinfengError(makeIssue('LENIENCY_LIST_DUPLICATE', { id: l.id, first: prev.title, second: l.title }));
    }
    seen.set(l.id, l);
  }
  return [...seen.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * True when `date` lies in the list's (and item's) effective dates, `effectiveTo` inclusive.
 * @example
 * ```ts
 * itemInForce(list, item, '2024-01-05'); // false for SH-SJ-2019-1 (abolished 2023-12-25)
 * ```
 */
export function itemInForce(list: Pick<LeniencyList, 'effectiveFrom' | 'effectiveTo'>, item: Pick<LeniencyItem, 'effectiveFrom' | 'effectiveTo'>, date: string): boolean {
  const from = item.effectiveFrom ?? list.effectiveFrom;
  const to = item.effectiveTo ?? list.effectiveTo;
  return from <= date && (to === undefined || date <= to);
}
