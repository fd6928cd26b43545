// Every way stock moves. Each move is conditional, so that per product, at every instant,
// available + reserved + sold == received and no counter goes below zero.
import {
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName } from './config';
import {
  batchGetAll,
  cancellationCodes,
  isConditionalCheckFailed,
  retryOnTransactionConflict,
} from './dynamo';
import { AppError, notFound } from './errors';

export { StockContentionError } from './dynamo';

export type TransactWriteItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface StockLine {
  productId: string;
  quantity: number;
}

export interface StockLevels {
  productId: string;
  available: number;
  reserved: number;
  sold: number;
  received: number;
}

/** DynamoDB allows 100 items per transaction; one is kept for the guard. */
export const MAX_LINES_PER_MOVE = 99;

export class InsufficientStockError extends Error {
  override name = 'InsufficientStockError';
  constructor(readonly shortages: { productId: string; requested: number; available: number }[]) {
    super(
      `Not enough stock: ${shortages.map((s) => `${s.productId} (wanted ${s.requested}, ${s.available} available)`).join(', ')}`,
    );
  }
}

/** The guard item's condition failed: the caller's step was already done, so nothing moved. */
export class GuardConditionFailedError extends Error {
  override name = 'GuardConditionFailedError';
  constructor() {
    super('The guard condition failed; no stock moved');
  }
}

/** A release, commit or return found fewer units in the source counter than it was asked to move. */
export class StockMovementRefusedError extends Error {
  override name = 'StockMovementRefusedError';
  constructor(
    readonly move: string,
    readonly productIds: string[],
  ) {
    super(`${move} refused for ${productIds.join(', ')}: the counter holds fewer units than asked`);
  }
}

const COUNTERS = 'productId, available, reserved, sold, received';

const toLevels = (item: Record<string, unknown>): StockLevels => ({
  productId: item.productId as string,
  available: Number(item.available ?? 0),
  reserved: Number(item.reserved ?? 0),
  sold: Number(item.sold ?? 0),
  received: Number(item.received ?? 0),
});

/** Admin restock: available += q, received += q (the product must exist). */
export async function receiveStock(productId: string, quantity: number): Promise<StockLevels> {
  assertQuantity(quantity);
  try {
    const { Attributes } = await retryOnTransactionConflict('receiveStock', () =>
      dynamo().send(
        new UpdateCommand({
          TableName: tableName('products'),
          Key: { productId },
          UpdateExpression:
            'ADD available :q, received :q SET reserved = if_not_exists(reserved, :zero), sold = if_not_exists(sold, :zero)',
          ConditionExpression: 'attribute_exists(productId)',
          ExpressionAttributeValues: { ':q': quantity, ':zero': 0 },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return toLevels(Attributes!);
  } catch (error) {
    if (isConditionalCheckFailed(error)) throw notFound('Product');
    throw error;
  }
}

export async function getStockLevels(productId: string): Promise<StockLevels> {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: tableName('products'),
      Key: { productId },
      ProjectionExpression: COUNTERS,
      ConsistentRead: true,
    }),
  );
  if (!Item) throw notFound('Product');
  return toLevels(Item);
}

/** available -= q, reserved += q for every line, all or nothing; only active products. */
export async function reserveStock(lines: StockLine[], guard?: TransactWriteItem): Promise<void> {
  await moveStock(
    { name: 'reserveStock', from: 'available', to: 'reserved', onlyActive: true },
    lines,
    guard,
  );
}

/** reserved -= q, available += q: a reservation given back (payment failed, order cancelled). */
export async function releaseReservation(lines: StockLine[], guard?: TransactWriteItem): Promise<void> {
  await moveStock({ name: 'releaseReservation', from: 'reserved', to: 'available' }, lines, guard);
}

/** reserved -= q, sold += q: the order is paid for. */
export async function commitReservation(lines: StockLine[], guard?: TransactWriteItem): Promise<void> {
  await moveStock({ name: 'commitReservation', from: 'reserved', to: 'sold' }, lines, guard);
}

/** sold -= q, available += q: a confirmed order was cancelled, the goods go back on the shelf. */
export async function returnSoldStock(lines: StockLine[], guard?: TransactWriteItem): Promise<void> {
  await moveStock({ name: 'returnSoldStock', from: 'sold', to: 'available' }, lines, guard);
}

type Counter = 'available' | 'reserved' | 'sold';

interface Move {
  name: string;
  from: Counter;
  to: Counter;
  onlyActive?: boolean;
}

function assertQuantity(quantity: number) {
  if (!Number.isInteger(quantity) || quantity <= 0) {
    throw new AppError('VALIDATION_FAILED', `quantity must be a positive integer, got ${quantity}`);
  }
}

/** Sums lines that name the same product: a transaction may touch each item only once. */
export function mergeLines(lines: StockLine[]): StockLine[] {
  const merged = new Map<string, number>();
  for (const { productId, quantity } of lines) {
    assertQuantity(quantity);
    merged.set(productId, (merged.get(productId) ?? 0) + quantity);
  }
  return [...merged].map(([productId, quantity]) => ({ productId, quantity }));
}

const moveItem = (move: Move, line: StockLine): TransactWriteItem => ({
  Update: {
    TableName: tableName('products'),
    Key: { productId: line.productId },
    UpdateExpression: 'SET #from = #from - :q, #to = if_not_exists(#to, :zero) + :q',
    ConditionExpression: move.onlyActive ? '#from >= :q AND #active = :true' : '#from >= :q',
    ExpressionAttributeNames: {
      '#from': move.from,
      '#to': move.to,
      ...(move.onlyActive ? { '#active': 'active' } : {}),
    },
    ExpressionAttributeValues: {
      ':q': line.quantity,
      ':zero': 0,
      ...(move.onlyActive ? { ':true': true } : {}),
    },
  },
});

async function moveStock(move: Move, rawLines: StockLine[], guard?: TransactWriteItem): Promise<void> {
  const lines = mergeLines(rawLines);
  if (lines.length === 0) throw new AppError('VALIDATION_FAILED', `${move.name} needs at least one line`);
  if (lines.length > MAX_LINES_PER_MOVE) {
    throw new AppError(
      'VALIDATION_FAILED',
      `${move.name} takes at most ${MAX_LINES_PER_MOVE} products at once, got ${lines.length}`,
    );
  }
  const items = [...lines.map((line) => moveItem(move, line)), ...(guard ? [guard] : [])];
  try {
    await retryOnTransactionConflict(move.name, () =>
      dynamo().send(new TransactWriteCommand({ TransactItems: items })),
    );
  } catch (error) {
    const codes = cancellationCodes(error);
    if (!codes) throw error;
    if (guard && codes[lines.length] === 'ConditionalCheckFailed') throw new GuardConditionFailedError();
    const failed = lines.filter((_, i) => codes[i] === 'ConditionalCheckFailed');
    if (failed.length === 0) throw error;
    if (move.from === 'available') throw new InsufficientStockError(await shortagesOf(lines, failed));
    throw new StockMovementRefusedError(
      move.name,
      failed.map((l) => l.productId),
    );
  }
}

/** Reads current stock to say, for the lines that failed (and any other now short), what is there. */
async function shortagesOf(lines: StockLine[], failed: StockLine[]) {
  const items = await batchGetAll(
    tableName('products'),
    lines.map(({ productId }) => ({ productId })),
    { projection: 'productId, available, active', consistentRead: true },
  );
  const now = new Map(
    items.map((item) => [item.productId as string, item.active === true ? Number(item.available ?? 0) : 0]),
  );
  const failedIds = new Set(failed.map((l) => l.productId));
  return lines
    .map((l) => ({ productId: l.productId, requested: l.quantity, available: now.get(l.productId) ?? 0 }))
    .filter((s) => failedIds.has(s.productId) || s.available < s.requested);
}
