/** The language core: pure functions from text (and a config) to plain data. */
export * from "./diagnostic.js";
export { lint } from "./lint.js";
