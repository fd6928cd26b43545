// A circuit breaker around Razorpay whose state lives in the control table, so every concurrent
// invocation on every Lambda instance sees the same breaker. Each move is a conditional update:
//   CLOSED --N consecutive transient failures--> OPEN --cool-down--> HALF_OPEN (one claimed trial)
//   HALF_OPEN --trial reached Razorpay--> CLOSED;  --trial failed transiently--> OPEN again.
// Each Lambda instance keeps its last healthy reading (CLOSED, no failures) for `cacheMs` and lets
// calls through on it without a read: every call used to read the one shared item, which capped
// paid checkouts system-wide (docs/decisions.md, 2026-12-02). Anything else goes to the table.
import { randomUUID } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients';
import { tableName } from '../config';
import { isConditionalCheckFailed } from '../dynamo';
import { PaymentProviderRejectedError, PaymentProviderUnavailableError } from './errors';

export type BreakerState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface BreakerSettings {
  failureThreshold: number;
  cooldownMs: number;
  trialLeaseMs: number;
  /** How long this instance trusts a healthy reading; 0 reads the table before every call. */
  cacheMs: number;
}

export interface BreakerRecord {
  state: BreakerState;
  /** Consecutive transient failures while CLOSED. */
  failures: number;
  openedAt?: number;
  trialId?: string;
  trialUntil?: number;
}

type Permit = { kind: 'closed'; failuresSeen: number } | { kind: 'trial'; trialId: string };

const keyOf = (name: string) => ({ pk: `breaker#${name}` });

const circuitOpen = (name: string, why: string) =>
  new PaymentProviderUnavailableError({
    code: 'CIRCUIT_OPEN',
    description: `${name} circuit is open: ${why}`,
  });

/** Conditional writes that lose a race are expected here: someone else already moved the breaker. */
const ignoreLostRace = (error: unknown) => {
  if (!isConditionalCheckFailed(error)) throw error;
};

export async function readBreaker(name: string, { consistent = true } = {}): Promise<BreakerRecord> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName('control'), Key: keyOf(name), ConsistentRead: consistent }),
  );
  return {
    state: (Item?.state as BreakerState | undefined) ?? 'CLOSED',
    failures: (Item?.failures as number | undefined) ?? 0,
    openedAt: Item?.openedAt,
    trialId: Item?.trialId,
    trialUntil: Item?.trialUntil,
  };
}

// This instance's view (module scope: one per Lambda instance, shared by its invocations).
type Reading = { record: BreakerRecord; readAt: number };
/** The last healthy reading of each breaker and when its read was sent; nothing else is kept. */
const healthyReadings = new Map<string, Reading>();
/** Bumped by each failure this instance sees, so a read sent before it is not kept. */
const generations = new Map<string, number>();

const isHealthy = (record: BreakerRecord) => record.state === 'CLOSED' && record.failures === 0;
const generationOf = (name: string) => generations.get(name) ?? 0;
const CLOSED_CLEAN: BreakerRecord = { state: 'CLOSED', failures: 0 };

/**
 * Never longer than the cool-down: a HALF_OPEN trial comes at least a cool-down after the breaker
 * left CLOSED, so no call let through on a cached reading can start beside the single trial.
 */
const readingTtlMs = (settings: BreakerSettings) => Math.min(settings.cacheMs, settings.cooldownMs);

/** Keeps `reading` if it is healthy and nothing failed here since `generation`; else drops it. */
function keepReading(name: string, generation: number, reading: Reading) {
  if (generationOf(name) !== generation) return;
  if (isHealthy(reading.record)) healthyReadings.set(name, reading);
  else healthyReadings.delete(name);
}

function forgetReading(name: string) {
  generations.set(name, generationOf(name) + 1);
  healthyReadings.delete(name);
}

/**
 * The breaker as this instance should act on it. A healthy reading younger than the TTL answers
 * without a read. Its refresh is eventually consistent (half a read unit: the item's read limit is
 * what this cache is for); a refresh that finds the breaker moved is read again strongly
 * consistently, and so is every read while the last reading was not healthy, so refusals, trial
 * claims and `failuresSeen` are decided on the latest state, as before.
 */
async function currentRecord(name: string, settings: BreakerSettings): Promise<BreakerRecord> {
  const ttlMs = readingTtlMs(settings);
  if (ttlMs <= 0) return readBreaker(name);
  const known = healthyReadings.get(name);
  if (known && Date.now() - known.readAt < ttlMs) return known.record;
  const generation = generationOf(name);
  const readAt = Date.now();
  let record = await readBreaker(name, { consistent: !known });
  if (known && !isHealthy(record)) record = await readBreaker(name);
  keepReading(name, generation, { record, readAt });
  return record;
}

async function claimTrial(
  name: string,
  condition: string,
  values: Record<string, unknown>,
  settings: BreakerSettings,
) {
  const trialId = randomUUID();
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName('control'),
        Key: keyOf(name),
        UpdateExpression: 'SET #state = :halfOpen, trialId = :trialId, trialUntil = :trialUntil',
        ConditionExpression: condition,
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ...values,
          ':halfOpen': 'HALF_OPEN',
          ':trialId': trialId,
          ':trialUntil': Date.now() + settings.trialLeaseMs,
        },
      }),
    );
    return { kind: 'trial', trialId } as const;
  } catch (error) {
    ignoreLostRace(error);
    throw circuitOpen(name, 'another caller holds the trial');
  }
}

async function acquire(name: string, settings: BreakerSettings): Promise<Permit> {
  const record = await currentRecord(name, settings);
  const now = Date.now();
  if (record.state === 'CLOSED') return { kind: 'closed', failuresSeen: record.failures };
  if (record.state === 'OPEN') {
    if (now < (record.openedAt ?? 0) + settings.cooldownMs) throw circuitOpen(name, 'cooling down');
    return claimTrial(
      name,
      '#state = :open AND openedAt = :openedAt',
      {
        ':open': 'OPEN',
        ':openedAt': record.openedAt,
      },
      settings,
    );
  }
  if (now < (record.trialUntil ?? 0)) throw circuitOpen(name, 'a trial call is in flight');
  // The trial's caller vanished without reporting: let one new caller take over.
  return claimTrial(
    name,
    '#state = :halfOpen AND trialId = :staleTrial',
    { ':staleTrial': record.trialId },
    settings,
  );
}

async function recordReachable(name: string, permit: Permit) {
  if (permit.kind === 'closed' && permit.failuresSeen === 0) return; // nothing to reset: no write on the hot path
  const generation = generationOf(name);
  const readAt = Date.now();
  const update =
    permit.kind === 'closed'
      ? {
          UpdateExpression: 'SET failures = :zero',
          ConditionExpression: '#state = :closed',
          ExpressionAttributeValues: { ':zero': 0, ':closed': 'CLOSED' },
        }
      : {
          UpdateExpression: 'SET #state = :closed, failures = :zero REMOVE trialId, trialUntil, openedAt',
          ConditionExpression: 'trialId = :trialId',
          ExpressionAttributeValues: { ':closed': 'CLOSED', ':zero': 0, ':trialId': permit.trialId },
        };
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName('control'),
        Key: keyOf(name),
        ExpressionAttributeNames: { '#state': 'state' },
        ...update,
      }),
    );
  } catch (error) {
    forgetReading(name); // someone else moved it (or the write failed: read next time)
    ignoreLostRace(error);
    return;
  }
  // Either write leaves the breaker CLOSED with no failures: this instance's reading from now on.
  keepReading(name, generation, { record: CLOSED_CLEAN, readAt });
}

/** Counted in the table, never from a reading: every failure is one atomic ADD, whatever was cached. */
async function recordTransientFailure(name: string, permit: Permit, settings: BreakerSettings) {
  // Before the writes, so no other invocation here calls on the old reading meanwhile; after them,
  // so no read sent while they were in flight is kept.
  forgetReading(name);
  try {
    await countFailure(name, permit, settings);
  } finally {
    forgetReading(name);
  }
}

async function countFailure(name: string, permit: Permit, settings: BreakerSettings) {
  const open = (condition: string, values: Record<string, unknown>) =>
    dynamo()
      .send(
        new UpdateCommand({
          TableName: tableName('control'),
          Key: keyOf(name),
          UpdateExpression:
            'SET #state = :open, openedAt = :now, failures = :zero REMOVE trialId, trialUntil',
          ConditionExpression: condition,
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ...values, ':open': 'OPEN', ':now': Date.now(), ':zero': 0 },
        }),
      )
      .catch(ignoreLostRace);

  if (permit.kind === 'trial') {
    await open('trialId = :trialId', { ':trialId': permit.trialId });
    return;
  }
  let failures: number;
  try {
    const { Attributes } = await dynamo().send(
      new UpdateCommand({
        TableName: tableName('control'),
        Key: keyOf(name),
        UpdateExpression: 'SET #state = if_not_exists(#state, :closed) ADD failures :one',
        ConditionExpression: 'attribute_not_exists(#state) OR #state = :closed',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':closed': 'CLOSED', ':one': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    failures = Attributes?.failures as number;
  } catch (error) {
    ignoreLostRace(error); // already open: this late failure changes nothing
    return;
  }
  if (failures >= settings.failureThreshold) {
    // Exactly one of the callers that crossed the threshold opens it.
    await open('#state = :closed AND failures >= :threshold', {
      ':closed': 'CLOSED',
      ':threshold': settings.failureThreshold,
    });
  }
}

/**
 * Runs `call` if the breaker lets it through. The call must reject with the classified payment
 * errors: PaymentProviderUnavailableError counts as a failure, PaymentProviderRejectedError
 * proves Razorpay is reachable (like a success); any other error leaves the breaker alone.
 */
export async function withCircuitBreaker<T>(
  name: string,
  settings: BreakerSettings,
  call: () => Promise<T>,
): Promise<T> {
  const permit = await acquire(name, settings);
  let result: T;
  try {
    result = await call();
  } catch (error) {
    if (error instanceof PaymentProviderUnavailableError)
      await recordTransientFailure(name, permit, settings);
    else if (error instanceof PaymentProviderRejectedError) await recordReachable(name, permit);
    throw error;
  }
  await recordReachable(name, permit);
  return result;
}
