// The shopper's cart: one item per (userId, productId). Adds merge by a conditional ADD, so
// concurrent adds never push a line past min(available, maxPerOrder); every read re-validates
// the lines against the products as they are now.
import { DeleteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type CartLineRecord, type PricedCart, type ProductSnapshot, priceCart } from './cart-pricing';
import { findProduct, type Product } from './catalog';
import { dynamo } from './clients';
import { pricing, tableName } from './config';
import { batchGetAll, batchWriteAll, isConditionalCheckFailed } from './dynamo';
import { AppError } from './errors';
import { displayedAvailable, MAX_LINES_PER_MOVE } from './inventory';
import { releaseCart } from './orders/open-orders';

/** Checkout reserves a whole cart in one transaction, so a cart holds at most that many products. */
export const MAX_CART_LINES = MAX_LINES_PER_MOVE;

export interface ValidatedCart {
  /** The API's Cart. */
  cart: PricedCart;
  /** The stored lines behind it. */
  lines: CartLineRecord[];
}

/** Adds `quantity` to the line (creating it), refusing to go past stock or the per-order limit. */
export async function addItem(userId: string, productId: string, quantity: number): Promise<PricedCart> {
  const [product, lines] = await Promise.all([findProduct(productId), readLines(userId)]);
  const inCart = lines.find((l) => l.productId === productId)?.quantity ?? 0;
  const buyable = requireBuyable(product);
  if (inCart + quantity > limitOf(buyable)) throw refusal(buyable, inCart + quantity, inCart);
  if (inCart === 0) assertRoomForNewLine(lines);
  const now = new Date().toISOString();
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName('carts'),
        Key: { userId, productId },
        UpdateExpression:
          'ADD quantity :q SET seenPrice = :price, addedAt = if_not_exists(addedAt, :now), updatedAt = :now',
        // The merge and the limit check are one atomic step: a concurrent add cannot slip past it.
        ConditionExpression: 'attribute_not_exists(quantity) OR quantity <= :room',
        ExpressionAttributeValues: {
          ':q': quantity,
          ':price': buyable.price,
          ':now': now,
          ':room': limitOf(buyable) - quantity,
        },
      }),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    const current = (await readLines(userId)).find((l) => l.productId === productId)?.quantity ?? 0;
    throw refusal(buyable, current + quantity, current);
  }
  return (await getValidatedCart(userId)).cart;
}

/** Sets the line to exactly `quantity`; 0 removes it. */
export async function setItem(userId: string, productId: string, quantity: number): Promise<PricedCart> {
  if (quantity === 0) return removeItem(userId, productId);
  const [product, lines] = await Promise.all([findProduct(productId), readLines(userId)]);
  const inCart = lines.find((l) => l.productId === productId)?.quantity ?? 0;
  const buyable = requireBuyable(product);
  if (quantity > limitOf(buyable)) throw refusal(buyable, quantity, inCart);
  if (inCart === 0) assertRoomForNewLine(lines);
  const now = new Date().toISOString();
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName('carts'),
      Key: { userId, productId },
      UpdateExpression:
        'SET quantity = :q, seenPrice = :price, addedAt = if_not_exists(addedAt, :now), updatedAt = :now',
      ExpressionAttributeValues: { ':q': quantity, ':price': buyable.price, ':now': now },
    }),
  );
  return (await getValidatedCart(userId)).cart;
}

export async function removeItem(userId: string, productId: string): Promise<PricedCart> {
  await dynamo().send(new DeleteCommand({ TableName: tableName('carts'), Key: { userId, productId } }));
  return (await getValidatedCart(userId)).cart;
}

/** Empties the cart. It is a new cart then: an unpaid order of the old one no longer holds it. */
export async function clearCart(userId: string): Promise<PricedCart> {
  const lines = await readLines(userId);
  await releaseCart(userId);
  await batchWriteAll(
    tableName('carts'),
    lines.map(({ productId }) => ({ DeleteRequest: { Key: { userId, productId } } })),
  );
  return (await getValidatedCart(userId)).cart;
}

/**
 * After an order is confirmed: removes the lines it bought, unless the shopper changed a line
 * after checking out (then it is a new intent and stays). Safe to repeat.
 */
export async function removeCheckedOutLines(userId: string, productIds: string[], checkedOutAt: string) {
  await Promise.all(
    productIds.map(async (productId) => {
      try {
        await dynamo().send(
          new DeleteCommand({
            TableName: tableName('carts'),
            Key: { userId, productId },
            ConditionExpression: 'updatedAt <= :checkedOutAt',
            ExpressionAttributeValues: { ':checkedOutAt': checkedOutAt },
          }),
        );
      } catch (error) {
        // Changed since checkout, or already removed: leave it.
        if (!isConditionalCheckFailed(error)) throw error;
      }
    }),
  );
}

/** The cart as the shopper sees it now, plus the stored lines (for the checkout). */
export async function getValidatedCart(userId: string): Promise<ValidatedCart> {
  const lines = await readLines(userId);
  const products = await readProducts(lines.map((l) => l.productId));
  return { cart: priceCart(lines, products, pricing()), lines };
}

const limitOf = (product: Product) => Math.max(0, Math.min(product.available, product.maxPerOrder));

function requireBuyable(product: Product | undefined): Product {
  if (!product?.active) throw new AppError('PRODUCT_UNAVAILABLE', 'This product is not available');
  return product;
}

/** Why a line may not hold `wanted` units: stock first, then the per-order limit. */
function refusal(product: Product, wanted: number, inCart: number): AppError {
  if (wanted > product.available) {
    const message =
      product.available <= 0 ? `${product.name} is out of stock` : `Only ${product.available} available`;
    return new AppError('OUT_OF_STOCK', message, { available: Math.max(0, product.available), inCart });
  }
  return new AppError('INVALID_STATE', `You can buy at most ${product.maxPerOrder} per order`, {
    maxPerOrder: product.maxPerOrder,
    inCart,
  });
}

function assertRoomForNewLine(lines: CartLineRecord[]) {
  if (lines.length >= MAX_CART_LINES) {
    throw new AppError('INVALID_STATE', `A cart holds at most ${MAX_CART_LINES} different products`, {
      maxLines: MAX_CART_LINES,
    });
  }
}

async function readLines(userId: string): Promise<CartLineRecord[]> {
  const lines: CartLineRecord[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName('carts'),
        KeyConditionExpression: 'userId = :userId',
        ExpressionAttributeValues: { ':userId': userId },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) {
      lines.push({
        productId: item.productId as string,
        quantity: Number(item.quantity),
        seenPrice: Number(item.seenPrice),
        addedAt: String(item.addedAt),
      });
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return lines;
}

/** The products the cart names, as the cart prices them. */
async function readProducts(productIds: string[]): Promise<Map<string, ProductSnapshot>> {
  const items = await batchGetAll(
    tableName('products'),
    productIds.map((productId) => ({ productId })),
    {
      projection: 'productId, #name, price, active, available, stockShards, maxPerOrder',
      names: { '#name': 'name' },
    },
  );
  // A sharded product's units are shown from its summary, never N shard reads.
  const available = await displayedAvailable(items);
  return new Map(
    items.map((item) => [
      item.productId as string,
      {
        productId: item.productId as string,
        name: item.name as string,
        price: Number(item.price),
        active: item.active === true,
        available: available.get(item.productId as string) ?? 0,
        maxPerOrder: Number(item.maxPerOrder),
      },
    ]),
  );
}
