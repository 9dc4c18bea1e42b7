/**
 * An item's `interferers` computed when first read. A fixed-priority task's list names every more urgent task of its
 * set, so the lists of a set of n tasks hold O(n²) entries (5·10^7 at 10,000 tasks, issue 17), while they are read for
 * one item at a time (a hover, a diagnostic's related locations) or on request (`rtcell analyze --json --interferers`).
 *
 * The property stays an ordinary enumerable field in the same place among the item's keys, so JSON.stringify,
 * structuredClone, object spread and deep equality see the same list as before; the first read replaces the accessor
 * with the list itself, and assigning a list replaces it too. Copies that must not build it use `copyItem`.
 */
import type { Interferer, ItemResult } from './types.js';

export function setInterferersOnRead(item: ItemResult, build: () => Interferer[]): void {
    Object.defineProperty(item, 'interferers', {
        enumerable: true,
        configurable: true,
        get(this: ItemResult): Interferer[] {
            const list = build();
            settle(this, list);
            return list;
        },
        set(this: ItemResult, list: Interferer[]) {
            settle(this, list);
        },
    });
}

function settle(item: ItemResult, list: Interferer[]): void {
    Object.defineProperty(item, 'interferers', { value: list, enumerable: true, configurable: true, writable: true });
}

/** A shallow copy of `item` that keeps a list not read yet unread (object spread would build it). */
export function copyItem(item: ItemResult): ItemResult {
    return Object.defineProperties({}, Object.getOwnPropertyDescriptors(item)) as ItemResult;
}
