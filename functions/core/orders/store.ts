// Reading and changing order items. Every change is one conditional write: `from` (and any extra
// condition) must hold, so a retried step or a racing signal finds it false and changes nothing.
import { GetCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients';
import { tableName } from '../config';
import type { TransactWriteItem } from '../inventory';
import type { OrderRecord, OrderStatus } from './model';

export async function readOrder(orderId: string): Promise<OrderRecord | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName('orders'), Key: { orderId }, ConsistentRead: true }),
  );
  return Item as OrderRecord | undefined;
}

export class OrderNotFoundError extends Error {
  override name = 'OrderNotFoundError';
}

export async function requireOrder(orderId: string): Promise<OrderRecord> {
  const order = await readOrder(orderId);
  if (!order) throw new OrderNotFoundError(`Order ${orderId} does not exist`);
  return order;
}

/** The condition of an order change did not hold: someone (or an earlier attempt) got there first. */
export class OrderChangeRefusedError extends Error {
  override name = 'OrderChangeRefusedError';
}

export interface OrderChange {
  orderId: string;
  /** The status the order must be in now. */
  from?: readonly OrderStatus[];
  /** The new status; appended to the timeline at `at`. */
  to?: OrderStatus;
  at: string;
  /** Attributes to set; dotted paths reach into maps (`payment.status`). */
  set?: Record<string, unknown>;
  remove?: readonly string[];
  /** Appended to a list attribute (created if missing). */
  append?: Record<string, unknown[]>;
  /** Extra condition, written with the `#`/`:` placeholders given in names/values. */
  when?: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

/** The UpdateItem for a change: sent alone, or as the guard of a stock transaction. */
export function orderUpdate(change: OrderChange): UpdateCommandInput & { ConditionExpression: string } {
  const names: Record<string, string> = { ...change.names };
  const values: Record<string, unknown> = { ...change.values, ':updatedAt': change.at };
  let n = 0;
  const path = (dotted: string) =>
    dotted
      .split('.')
      .map((segment) => {
        const placeholder = `#p${n++}`;
        names[placeholder] = segment;
        return placeholder;
      })
      .join('.');
  const sets = ['updatedAt = :updatedAt'];
  for (const [attribute, value] of Object.entries(change.set ?? {})) {
    const placeholder = `:v${n++}`;
    values[placeholder] = value;
    sets.push(`${path(attribute)} = ${placeholder}`);
  }
  const appends: Record<string, unknown[]> = { ...change.append };
  if (change.to) {
    names['#status'] = 'status';
    values[':to'] = change.to;
    sets.push('#status = :to');
    appends.timeline = [...(appends.timeline ?? []), { status: change.to, at: change.at }];
  }
  for (const [attribute, items] of Object.entries(appends)) {
    const target = path(attribute);
    const placeholder = `:v${n++}`;
    values[placeholder] = items;
    values[':emptyList'] = [];
    sets.push(`${target} = list_append(if_not_exists(${target}, :emptyList), ${placeholder})`);
  }
  const conditions = ['attribute_exists(orderId)'];
  if (change.from) {
    names['#status'] = 'status';
    const placeholders = change.from.map((status, i) => {
      values[`:from${i}`] = status;
      return `:from${i}`;
    });
    conditions.push(`#status IN (${placeholders.join(', ')})`);
  }
  if (change.when) conditions.push(`(${change.when})`);
  const removes = (change.remove ?? []).map(path);
  return {
    TableName: tableName('orders'),
    Key: { orderId: change.orderId },
    UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ConditionExpression: conditions.join(' AND '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** An order change as the extra (guard) item of a stock transaction. */
export function orderGuard(change: OrderChange): TransactWriteItem {
  const update = orderUpdate(change);
  return {
    Update: {
      TableName: update.TableName!,
      Key: update.Key!,
      UpdateExpression: update.UpdateExpression!,
      ConditionExpression: update.ConditionExpression,
      ExpressionAttributeNames: update.ExpressionAttributeNames,
      ExpressionAttributeValues: update.ExpressionAttributeValues,
    },
  };
}

/** Applies a change; the order as it is now if it applied, OrderChangeRefusedError if not. */
export async function changeOrder(change: OrderChange): Promise<OrderRecord> {
  try {
    const { Attributes } = await dynamo().send(
      new UpdateCommand({ ...orderUpdate(change), ReturnValues: 'ALL_NEW' }),
    );
    return Attributes as OrderRecord;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') {
      throw new OrderChangeRefusedError(
        `Order ${change.orderId}: the change to ${change.to ?? 'it'} did not apply`,
      );
    }
    throw error;
  }
}

/** When the order entered `status` (the latest time), for replays that must reuse it. */
export const enteredAt = (order: OrderRecord, status: OrderStatus): string | undefined =>
  order.timeline.filter((t) => t.status === status).at(-1)?.at;
