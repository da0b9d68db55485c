/**
 * A codec's list of an item's fields must name every one, or a field written is never read back.
 * `AllListed<Exclude<keyof T, (typeof fields)[number]>>` compiles only while `fields` names every
 * key of `T`; the error names the one left out. (Pair it with `satisfies readonly (keyof T)[]`,
 * which refuses a name that is not a field.)
 */
export type AllListed<Missing extends never> = Missing;
