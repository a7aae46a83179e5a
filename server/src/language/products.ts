/**
 * The simulated device's product, by name: the catalog entry, or for a name the catalog lacks a
 * guess with the vendor's file-name rule and a warning. The dry-run (CLI), the editor preview and
 * the code lens all resolve their device here, so they say the same thing (docs/dry-run.md).
 */
import { PRODUCTS, productOrGuess, type ProductSpec } from "@upscript/grammar";
import { closest } from "./spelling.js";

/** The `rule` of the plan diagnostic that reports a guessed product. */
export const UNKNOWN_PRODUCT = "unknown-product";

export type ResolvedProduct =
  | { readonly ok: true; readonly product: ProductSpec; readonly warning: string | undefined }
  | { readonly ok: false; readonly error: string };

const productNames = PRODUCTS.map((p) => p.name);

/** `unknown product IP9999: default file names guessed (ip9999.bin, boot9999.bin)`, for a guessed product only. */
export function unknownProductWarning(product: ProductSpec): string | undefined {
  if (!product.guessed) return undefined;
  const near = closest(product.name, productNames);
  const hint = near.length ? `; did you mean ${near.join(" or ")}?` : "";
  return `unknown product ${product.name}: default file names guessed (${product.firmwareFile}, ${product.bootFile})${hint}`;
}

/** A known product, a guessed one with its warning, or an error for a name that cannot be a product. */
export function resolveProduct(name: string): ResolvedProduct {
  const found = productOrGuess(name);
  if (!found) return { ok: false, error: `unknown product '${name}': a product name is letters, digits, '-' and '_' (e.g. IP232)` };
  return { ok: true, product: found.product, warning: unknownProductWarning(found.product) };
}
