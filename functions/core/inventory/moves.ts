// The moves that give back or settle what a reservation took: each goes to exactly the shard items
// the reservation took from (the order records them), all in one conditional transaction with the
// caller's guard, so per product available + reserved + sold == received at every instant.
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients';
import { tableName } from '../config';
import { cancellationCodes, retryOnTransactionConflict } from '../dynamo';
import { AppError } from '../errors';
import { GuardConditionFailedError, StockMovementRefusedError } from './errors';
import { shardKey } from './shard-keys';

export type TransactWriteItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Units of one product; `shard` says which shard item holds them (absent: shard 0). */
export interface StockLine {
  productId: string;
  quantity: number;
  shard?: number;
}

/** DynamoDB allows 100 items per transaction; one is kept for the guard. */
export const MAX_LINES_PER_MOVE = 99;

export type Counter = 'available' | 'reserved' | 'sold';

export interface Move {
  name: string;
  from: Counter;
  to: Counter;
  /** A reservation: the product must be active, and a shard item not retired. */
  reservation?: boolean;
}

export function assertQuantity(quantity: number) {
  if (!Number.isInteger(quantity) || quantity <= 0) {
    throw new AppError('VALIDATION_FAILED', `quantity must be a positive integer, got ${quantity}`);
  }
}

/** Sums lines that name the same shard item: a transaction may touch each item only once. */
export function mergeLines(lines: StockLine[]): StockLine[] {
  const merged = new Map<string, StockLine>();
  for (const { productId, quantity, shard } of lines) {
    assertQuantity(quantity);
    const key = shardKey(productId, shard ?? 0);
    const before = merged.get(key);
    merged.set(key, { productId, quantity: (before?.quantity ?? 0) + quantity, shard: shard ?? 0 });
  }
  return [...merged.values()];
}

export function assertMoveSize(name: string, count: number) {
  if (count === 0) throw new AppError('VALIDATION_FAILED', `${name} needs at least one line`);
  if (count > MAX_LINES_PER_MOVE) {
    throw new AppError(
      'VALIDATION_FAILED',
      `${name} takes at most ${MAX_LINES_PER_MOVE} products at once, got ${count}`,
    );
  }
}

/** from -= q, to += q on one shard item, only if `from` holds q (and, reserving, it may be sold). */
function moveItem(move: Move, line: StockLine): TransactWriteItem {
  const shard = line.shard ?? 0;
  const conditions = ['#from >= :q'];
  if (move.reservation) conditions.push('#active = :true');
  if (move.reservation && shard > 0) conditions.push('attribute_not_exists(retired)');
  return {
    Update: {
      TableName: tableName('products'),
      Key: { productId: shardKey(line.productId, shard) },
      UpdateExpression: 'SET #from = #from - :q, #to = if_not_exists(#to, :zero) + :q',
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: {
        '#from': move.from,
        '#to': move.to,
        ...(move.reservation ? { '#active': 'active' } : {}),
      },
      ExpressionAttributeValues: {
        ':q': line.quantity,
        ':zero': 0,
        ...(move.reservation ? { ':true': true } : {}),
      },
    },
  };
}

/** reserved -= q, available += q on the shards taken: a reservation given back. */
export async function releaseReservation(taken: StockLine[], guard?: TransactWriteItem): Promise<void> {
  await settle({ name: 'releaseReservation', from: 'reserved', to: 'available' }, taken, guard);
}

/** reserved -= q, sold += q on the shards taken: the order is paid for. */
export async function commitReservation(taken: StockLine[], guard?: TransactWriteItem): Promise<void> {
  await settle({ name: 'commitReservation', from: 'reserved', to: 'sold' }, taken, guard);
}

/** sold -= q, available += q on the shards taken: a confirmed order was cancelled. */
export async function returnSoldStock(taken: StockLine[], guard?: TransactWriteItem): Promise<void> {
  await settle({ name: 'returnSoldStock', from: 'sold', to: 'available' }, taken, guard);
}

async function settle(move: Move, rawLines: StockLine[], guard?: TransactWriteItem): Promise<void> {
  const lines = mergeLines(rawLines);
  assertMoveSize(move.name, lines.length);
  const refused = await sendMoves(move, lines, guard);
  if (refused)
    throw new StockMovementRefusedError(
      move.name,
      refused.map((l) => l.productId),
    );
}

/**
 * Sends `move` on every line, then the guard, as one transaction. Answers the lines whose condition
 * refused it (undefined: committed); GuardConditionFailedError when the guard's did; rethrows any
 * other failure.
 */
export async function sendMoves(
  move: Move,
  lines: StockLine[],
  guard?: TransactWriteItem,
): Promise<StockLine[] | undefined> {
  const items = [...lines.map((line) => moveItem(move, line)), ...(guard ? [guard] : [])];
  try {
    await retryOnTransactionConflict(move.name, () =>
      dynamo().send(new TransactWriteCommand({ TransactItems: items })),
    );
    return undefined;
  } catch (error) {
    const codes = cancellationCodes(error);
    if (!codes) throw error;
    if (guard && codes[lines.length] === 'ConditionalCheckFailed') throw new GuardConditionFailedError();
    const refused = lines.filter((_, i) => codes[i] === 'ConditionalCheckFailed');
    if (refused.length === 0) throw error;
    return refused;
  }
}
