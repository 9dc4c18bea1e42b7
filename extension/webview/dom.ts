/** Small DOM helpers. Text goes in through textContent only: names from the user's file are never parsed as HTML. */

export function el<K extends keyof HTMLElementTagNameMap>(
    tag: K, className?: string, text?: string,
): HTMLElementTagNameMap[K] {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
}

export function clear(node: Element): void {
    while (node.firstChild) node.removeChild(node.firstChild);
}
