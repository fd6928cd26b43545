// Reading and changing order items. Every change is one conditional write: its named conditions
// (./conditions) must hold, so a retried step or a racing signal finds it false and changes nothing.
import { GetCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { OrderStatus } from '../../../contract/order-status';
import { dynamo } from '../clients';
import { tableName } from '../config';
import { isConditionalCheckFailed } from '../dynamo';
import type { TransactWriteItem } from '../inventory';
import type { OrderCondition } from './conditions';
import type { OrderRecord } from './model';

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
  /** What must hold now (besides the order existing), all of it: see ./conditions. */
  when?: readonly OrderCondition[];
  /** The new status; appended to the timeline at `at`. */
  to?: OrderStatus;
  at: string;
  /** Attributes to set; dotted paths reach into maps (`payment.status`). */
  set?: Record<string, unknown>;
  remove?: readonly string[];
  /** Appended to a list attribute (created if missing). */
  append?: Record<string, unknown[]>;
}

/** The UpdateItem for a change: sent alone, or as the guard of a stock transaction. */
export function orderUpdate(change: OrderChange): UpdateCommandInput & { ConditionExpression: string } {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const placeholderOf = new Map<string, string>();
  const name = (dotted: string) =>
    dotted
      .split('.')
      .map((segment) => {
        let placeholder = placeholderOf.get(segment);
        if (!placeholder) {
          placeholder = `#n${placeholderOf.size}`;
          placeholderOf.set(segment, placeholder);
          names[placeholder] = segment;
        }
        return placeholder;
      })
      .join('.');
  const value = (v: unknown) => {
    const placeholder = `:v${Object.keys(values).length}`;
    values[placeholder] = v;
    return placeholder;
  };
  const sets = [`${name('updatedAt')} = ${value(change.at)}`];
  for (const [attribute, v] of Object.entries(change.set ?? {}))
    sets.push(`${name(attribute)} = ${value(v)}`);
  const appends: Record<string, unknown[]> = { ...change.append };
  if (change.to) {
    sets.push(`${name('status')} = ${value(change.to)}`);
    appends.timeline = [...(appends.timeline ?? []), { status: change.to, at: change.at }];
  }
  for (const [attribute, items] of Object.entries(appends)) {
    const target = name(attribute);
    sets.push(`${target} = list_append(if_not_exists(${target}, ${value([])}), ${value(items)})`);
  }
  const conditions = [orderExists, ...(change.when ?? [])].map((condition) => condition({ name, value }));
  const removes = (change.remove ?? []).map(name);
  return {
    TableName: tableName('orders'),
    Key: { orderId: change.orderId },
    UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ConditionExpression: conditions.join(' AND '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

const orderExists: OrderCondition = ({ name }) => `attribute_exists(${name('orderId')})`;

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
    if (isConditionalCheckFailed(error)) {
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
