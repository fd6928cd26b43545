// Bench-only instruments for bench/cost.ts: a middleware on the handlers' shared DynamoDB client
// that asks every call for its ConsumedCapacity (TOTAL: the table and its indexes), and a meter
// that adds it, the Lambda invocations, and the rest up per scenario.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { currentInvocation } from '../../local/lambda-runtime';

interface ConsumedCapacity {
  TableName?: string;
  CapacityUnits?: number;
}

/** Everything one scenario used; units per logical table, calls per `table command by function`. */
export class Usage {
  readonly writeUnits = new Map<string, number>();
  readonly readUnits = new Map<string, number>();
  readonly calls = new Map<string, { count: number; units: number }>();
  /** Refused conditional writes: AWS charges them too, but no ConsumedCapacity comes back. */
  readonly refusedWrites = new Map<string, number>();
  readonly invocations = new Map<string, number>();
  lambdaMs = 0;
  lambdaGbSeconds = 0;
  stateTransitions = 0;
  events = 0;
  webSocketMessages = 0;
  emails = 0;
  sms = 0;
}

export const add = (map: Map<string, number>, key: string, n = 1) => map.set(key, (map.get(key) ?? 0) + n);
export const total = (map: Map<string, number>) => [...map.values()].reduce((a, b) => a + b, 0);

const READS = /^(Get|BatchGet|Query|Scan|TransactGet|ExecuteStatement)/;
/** DynamoDB Local reports 4 units for a transactional write of an item up to 1 KB (and 2 for a
 *  transactional read up to 4 KB, consistent) where AWS bills 2 (and 2): the on-demand pricing
 *  page, "transactional ... require 2 write request units". Measured: test/integration/cost-meter. */
const LOCAL_TRANSACTION_FACTOR = 0.5;
/** Physical → logical table name: the local runtime's and the tests' prefixes end in '-'. */
const logical = (table = '?') => table.slice(table.lastIndexOf('-') + 1);

const tablesOf = (input: Record<string, unknown>): string[] => {
  if (typeof input.TableName === 'string') return [input.TableName];
  if (Array.isArray(input.TransactItems))
    return input.TransactItems.map((i) => Object.values(i as object)[0]?.TableName as string);
  const batch = (input.RequestItems ?? {}) as object;
  return Object.keys(batch);
};

export class Meter {
  private usage: Usage | undefined;

  /** Where what happens from now on is counted (undefined: nowhere, e.g. setup). */
  countInto(usage: Usage | undefined) {
    this.usage = usage;
  }

  /** Adds the capacity middleware to the client every handler shares (functions/core/clients.ts). */
  instrument(client: DynamoDBDocumentClient) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = { ...(args.input as Record<string, unknown>), ReturnConsumedCapacity: 'TOTAL' };
        const command = String(context.commandName ?? '?').replace(/Command$/, '');
        const by = currentInvocation() ?? '(bench)';
        try {
          const result = await next({ ...args, input });
          const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] })
            .ConsumedCapacity;
          for (const c of [consumed ?? []].flat()) this.capacity(command, by, c);
          return result;
        } catch (error) {
          if (!READS.test(command)) {
            for (const table of new Set(tablesOf(input)))
              if (this.usage) add(this.usage.refusedWrites, `${logical(table)} ${command} by ${by}`);
          }
          throw error;
        }
      },
      { step: 'initialize', name: 'benchConsumedCapacity', priority: 'high' },
    );
  }

  private capacity(command: string, by: string, c: ConsumedCapacity) {
    if (!this.usage) return;
    const table = logical(c.TableName);
    const units = (c.CapacityUnits ?? 0) * (command === 'TransactWriteItems' ? LOCAL_TRANSACTION_FACTOR : 1);
    add(READS.test(command) ? this.usage.readUnits : this.usage.writeUnits, table, units);
    const key = `${table} ${command} by ${by}`;
    const call = this.usage.calls.get(key) ?? { count: 0, units: 0 };
    this.usage.calls.set(key, { count: call.count + 1, units: call.units + units });
  }

  invocation(name: string, ms: number, memoryMb: number) {
    if (!this.usage) return;
    add(this.usage.invocations, name);
    this.usage.lambdaMs += ms;
    // Lambda bills each invocation's duration rounded up to the millisecond.
    this.usage.lambdaGbSeconds += (Math.ceil(ms) / 1000) * (memoryMb / 1024);
  }

  get current() {
    return this.usage;
  }
}

/** Two usages added up (the phases of one order). */
export function merged(a: Usage, b: Usage): Usage {
  const sum = new Usage();
  for (const u of [a, b]) {
    for (const m of ['writeUnits', 'readUnits', 'refusedWrites', 'invocations'] as const)
      for (const [k, v] of u[m]) add(sum[m], k, v);
    for (const [k, v] of u.calls) {
      const now = sum.calls.get(k) ?? { count: 0, units: 0 };
      sum.calls.set(k, { count: now.count + v.count, units: now.units + v.units });
    }
    for (const n of [
      'lambdaMs',
      'lambdaGbSeconds',
      'stateTransitions',
      'events',
      'webSocketMessages',
      'emails',
      'sms',
    ] as const)
      sum[n] += u[n];
  }
  return sum;
}

/** An item's size by DynamoDB's rule, roughly: attribute names plus values (numbers ~ their digits). */
export function sizeOf(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return Math.ceil(String(value).length / 2) + 1;
  if (value instanceof Set) return [...value].reduce((n: number, v) => n + sizeOf(v), 0);
  const entries = Array.isArray(value) ? value.map((v) => ['', v] as const) : Object.entries(value);
  return entries.reduce((n, [k, v]) => n + Buffer.byteLength(k) + sizeOf(v) + 1, 3);
}
