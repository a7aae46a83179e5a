/** Editor services: pure functions from a document context to plain results. */
export * from "./context.js";
export * from "./types.js";
export { SEMANTIC_TOKEN_TYPES, encodeSemanticTokens, encodeTokens, encodedSemanticTokens, semanticTokens, semanticTokensData, tokenArray, type EncodedTokens } from "./semantic-tokens.js";
export { outline } from "./outline.js";
export { foldingRanges } from "./folding.js";
export { inlayHints, type LineSpan } from "./inlay-hints.js";
export { cfgTarget, documentLinks, type CfgTarget } from "./links.js";
export { hover } from "./hover.js";
export { completion } from "./completion.js";
export { signatureHelp } from "./signature.js";
