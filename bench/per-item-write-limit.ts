// A bench-only model of DynamoDB's per-item (per-partition) write limit: a middleware on the
// project's DynamoDB client that makes every write wait for a slot of every item it touches — a
// transaction's Update/Put/Delete/ConditionCheck items included — at `perSecond` per item with a
// small burst. It DELAYS rather than throttles: the ideal client that backs off exactly as long as
// needed, so the figures show the limit itself, not a retry policy. A write whose condition fails
// still takes its slot, as a refused conditional write still consumes write capacity in AWS.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type TableDeclaration, type TableKey, tableKeys, tables } from '../contract/tables';
import { tableName } from '../functions/core/config';

type Keyed = { TableName?: string; Key?: Record<string, unknown>; Item?: Record<string, unknown> };

/** A key attribute's value, marshalled ({S: 'x'}) or not: the middleware may see either shape. */
const plain = (value: unknown): string => {
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    return String(v.S ?? v.N ?? JSON.stringify(v));
  }
  return String(value);
};

export class PerItemWriteLimit {
  /** Per item: when its next write may go ("theoretical arrival time", ms). */
  private readonly nextAt = new Map<string, number>();
  private readonly keyNames = new Map<string, string[]>();
  readonly writesPerItem = new Map<string, number>();
  private readonly interval: number;
  private readonly tolerance: number;

  constructor(perSecond: number, burst = Math.max(1, Math.round(perSecond / 10))) {
    this.interval = 1000 / perSecond;
    this.tolerance = this.interval * (burst - 1);
    for (const key of tableKeys as readonly TableKey[]) {
      const t: TableDeclaration = tables[key];
      this.keyNames.set(tableName(key), [t.partitionKey.name, ...(t.sortKey ? [t.sortKey.name] : [])]);
    }
  }

  private itemOf({ TableName = '', Key, Item }: Keyed): string {
    const source = Key ?? Item ?? {};
    const names = this.keyNames.get(TableName) ?? Object.keys(source).sort();
    return `${TableName}|${names.map((n) => plain(source[n])).join('|')}`;
  }

  /** The items a request writes (none for a read). */
  itemsWritten(input: Record<string, unknown>): string[] {
    // UpdateItem, PutItem, DeleteItem: one item, named by its Key (Put: by its Item).
    if (input.Key || input.Item) return [this.itemOf(input as Keyed)];
    if (Array.isArray(input.TransactItems)) {
      return (input.TransactItems as Record<string, Keyed>[]).flatMap((entry) =>
        ['Put', 'Update', 'Delete', 'ConditionCheck'].flatMap((kind) =>
          entry[kind] ? [this.itemOf(entry[kind]!)] : [],
        ),
      );
    }
    if (input.RequestItems && typeof input.RequestItems === 'object') {
      return Object.entries(input.RequestItems as Record<string, unknown>).flatMap(
        ([TableName, requests]) =>
          Array.isArray(requests)
            ? requests.map((r: { PutRequest?: Keyed; DeleteRequest?: Keyed }) =>
                this.itemOf({ TableName, Key: r.DeleteRequest?.Key, Item: r.PutRequest?.Item }),
              )
            : [], // a BatchGet's RequestItems are objects, not lists: reads
      );
    }
    return [];
  }

  /** Takes a slot on every item now; resolves when the last of them comes round. */
  async take(items: string[]): Promise<void> {
    if (items.length === 0) return;
    const now = performance.now();
    let at = now;
    for (const item of items) at = Math.max(at, (this.nextAt.get(item) ?? now) - this.tolerance);
    for (const item of items) {
      this.nextAt.set(item, Math.max(this.nextAt.get(item) ?? now, at) + this.interval);
      this.writesPerItem.set(item, (this.writesPerItem.get(item) ?? 0) + 1);
    }
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }

  /** Puts the limit in front of every call `client` sends. */
  install(client: DynamoDBDocumentClient): void {
    const writeCommands = /^(TransactWrite|Update|Put|Delete|BatchWrite)/;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (writeCommands.test(context.commandName ?? '')) {
          await this.take(this.itemsWritten(args.input as Record<string, unknown>));
        }
        return next(args);
      },
      { step: 'initialize', name: 'perItemWriteLimit', priority: 'high' },
    );
  }
}
