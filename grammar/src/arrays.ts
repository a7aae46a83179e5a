/**
 * Arrays kept in the tree are stored at their exact size. An array grown by `push` keeps spare
 * capacity (V8 grows an empty array to 17 slots), and a script has hundreds of thousands of them;
 * empty ones are all the same frozen array.
 */
const EMPTY: readonly never[] = Object.freeze([]);

export function exact<T>(items: readonly T[]): readonly T[] {
  return items.length === 0 ? EMPTY : items.slice();
}

export function none<T>(): readonly T[] {
  return EMPTY;
}
