// Pure cart validation and pricing: given the stored lines and the products as they are now,
// the cart a shopper sees (docs/api.md "Cart"). No I/O, so every rule is unit-tested directly.

export interface CartLineRecord {
  productId: string;
  quantity: number;
  /** The price the shopper saw when they last added or set this line. */
  seenPrice: number;
  addedAt: string;
}

export interface ProductSnapshot {
  productId: string;
  name: string;
  price: number;
  active: boolean;
  available: number;
  maxPerOrder: number;
}

export interface PricingRules {
  deliveryFee: number;
  freeDeliveryThreshold: number;
  handlingFee: number;
  lowStockThreshold: number;
}

export type CartIssueCode =
  | 'OUT_OF_STOCK'
  | 'PRODUCT_UNAVAILABLE'
  | 'QUANTITY_EXCEEDS_LIMIT'
  | 'LOW_STOCK'
  | 'PRICE_CHANGED';

export interface CartIssue {
  code: CartIssueCode;
  productId: string;
  message: string;
  available?: number;
  oldPrice?: number;
  newPrice?: number;
}

export interface PricedCartLine {
  productId: string;
  name: string;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
  available: number;
}

export interface PricedCart {
  items: PricedCartLine[];
  subtotal: number;
  deliveryFee: number;
  handlingFee: number;
  total: number;
  errors: CartIssue[];
  warnings: CartIssue[];
}

export const rupees = (paise: number) => `₹${(paise / 100).toFixed(2)}`;

/** What stops a line being bought now; an empty list means it can be. */
export function lineErrors(line: CartLineRecord, product: ProductSnapshot | undefined): CartIssue[] {
  const { productId } = line;
  if (!product?.active) {
    return [{ code: 'PRODUCT_UNAVAILABLE', productId, message: 'This product is no longer available' }];
  }
  const errors: CartIssue[] = [];
  if (product.available <= 0) {
    errors.push({
      code: 'OUT_OF_STOCK',
      productId,
      available: 0,
      message: `${product.name} is out of stock`,
    });
  } else if (line.quantity > product.available) {
    errors.push({
      code: 'OUT_OF_STOCK',
      productId,
      available: product.available,
      message: `Only ${product.available} available`,
    });
  }
  if (line.quantity > product.maxPerOrder) {
    errors.push({
      code: 'QUANTITY_EXCEEDS_LIMIT',
      productId,
      message: `At most ${product.maxPerOrder} per order`,
    });
  }
  return errors;
}

/** What the shopper should know about a line that can still be bought. */
export function lineWarnings(
  line: CartLineRecord,
  product: ProductSnapshot,
  rules: Pick<PricingRules, 'lowStockThreshold'>,
): CartIssue[] {
  const { productId } = line;
  const warnings: CartIssue[] = [];
  if (
    product.available > 0 &&
    product.available <= rules.lowStockThreshold &&
    line.quantity <= product.available
  ) {
    warnings.push({
      code: 'LOW_STOCK',
      productId,
      available: product.available,
      message: `Only ${product.available} available`,
    });
  }
  if (line.seenPrice !== product.price) {
    warnings.push({
      code: 'PRICE_CHANGED',
      productId,
      oldPrice: line.seenPrice,
      newPrice: product.price,
      message: `Price changed from ${rupees(line.seenPrice)} to ${rupees(product.price)}`,
    });
  }
  return warnings;
}

/** Fees on what can be bought now: none when nothing can; delivery free from the threshold up. */
export function fees(subtotal: number, rules: PricingRules) {
  if (subtotal <= 0) return { deliveryFee: 0, handlingFee: 0 };
  return {
    deliveryFee: subtotal >= rules.freeDeliveryThreshold ? 0 : rules.deliveryFee,
    handlingFee: rules.handlingFee,
  };
}

/** Lines in the order the shopper added them; the subtotal counts only lines without errors. */
export function priceCart(
  lines: CartLineRecord[],
  products: ReadonlyMap<string, ProductSnapshot>,
  rules: PricingRules,
): PricedCart {
  const ordered = [...lines].sort(
    (a, b) => a.addedAt.localeCompare(b.addedAt) || a.productId.localeCompare(b.productId),
  );
  const items: PricedCartLine[] = [];
  const errors: CartIssue[] = [];
  const warnings: CartIssue[] = [];
  let subtotal = 0;
  for (const line of ordered) {
    const product = products.get(line.productId);
    const unitPrice = product?.price ?? line.seenPrice;
    const lineTotal = unitPrice * line.quantity;
    items.push({
      productId: line.productId,
      name: product?.name ?? 'Unavailable product',
      quantity: line.quantity,
      unitPrice,
      lineTotal,
      available: product?.active ? Math.max(0, product.available) : 0,
    });
    const problems = lineErrors(line, product);
    errors.push(...problems);
    if (product?.active) warnings.push(...lineWarnings(line, product, rules));
    if (problems.length === 0) subtotal += lineTotal;
  }
  const { deliveryFee, handlingFee } = fees(subtotal, rules);
  return {
    items,
    subtotal,
    deliveryFee,
    handlingFee,
    total: subtotal + deliveryFee + handlingFee,
    errors,
    warnings,
  };
}
