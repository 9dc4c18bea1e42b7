/**
 * An item's `interferers` computed when first read. A fixed-priority task's list names every more urgent task of its
 * set, so the lists of a set of n tasks hold O(n²) entries (5·10^7 at 10,000 tasks, issue 17), while they are read for
 * one item at a time (a hover, a diagnostic's related locations) or on request (`rtcell analyze --json --interferers`).
 *
 * The field is an own enumerable accessor in the same place among the item's keys as the plain field was, so
 * JSON.stringify, structuredClone, object spread and deep equality see the same list as before; the list is built on
 * the first read and kept; assigning a list replaces it. Copies that must not build it use `copyItem`.
 *
 * Why an accessor shared by all items, with each item's state in a WeakMap: an accessor made per item (a closure, or
 * a data field redefined) turns each item into a slow dictionary object (about 2 µs per item to make, JSON twice as
 * slow); adding one shared accessor to a fresh object keeps it a fast object (about 0.6 µs, measured with node 20).
 */
import type { Interferer, ItemResult } from './types.js';

interface Pending {
    build?: () => Interferer[];
    list?: Interferer[];
}

const pending = new WeakMap<object, Pending>();

function read(this: ItemResult): Interferer[] {
    const state = pending.get(this)!;
    if (state.list === undefined) {
        state.list = state.build ? state.build() : [];
        state.build = undefined;
    }
    return state.list;
}

function write(this: ItemResult, list: Interferer[]): void {
    pending.set(this, { list });
}

const ON_READ: PropertyDescriptor = { enumerable: true, configurable: true, get: read, set: write };

/**
 * Adds the `interferers` field to `item`, which must not have one yet (the field takes its place after the keys
 * already there): an empty list until `setInterferersOnRead` gives it a builder, or a list is assigned.
 */
export function addInterferersField<T extends object>(item: T): T & { interferers: Interferer[] } {
    pending.set(item, { list: [] });
    return Object.defineProperty(item, 'interferers', ON_READ) as T & { interferers: Interferer[] };
}

/** Makes `item.interferers` read as `build()`, called on the first read. */
export function setInterferersOnRead(item: ItemResult, build: () => Interferer[]): void {
    if (Object.getOwnPropertyDescriptor(item, 'interferers')?.get !== read) Object.defineProperty(item, 'interferers', ON_READ);
    pending.set(item, { build });
}

/** Whether `item.interferers` is still to be built (it has a builder and was not read). */
export function interferersPending(item: ItemResult): boolean {
    const state = pending.get(item);
    return state !== undefined && state.list === undefined;
}

/** A shallow copy of `item` that keeps a list not read yet unread (object spread would build it). */
export function copyItem(item: ItemResult): ItemResult {
    const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(item)) as ItemResult;
    const state = pending.get(item);
    if (state) pending.set(copy, state.list !== undefined ? { list: state.list } : { build: () => item.interferers });
    return copy;
}
