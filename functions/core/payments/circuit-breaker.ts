// A circuit breaker around Razorpay whose state lives in the control table, so every concurrent
// invocation on every Lambda instance sees the same breaker. Each move is a conditional update:
//   CLOSED --N consecutive transient failures--> OPEN --cool-down--> HALF_OPEN (one claimed trial)
//   HALF_OPEN --trial reached Razorpay--> CLOSED;  --trial failed transiently--> OPEN again.
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

export async function readBreaker(name: string): Promise<BreakerRecord> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName('control'), Key: keyOf(name), ConsistentRead: true }),
  );
  return {
    state: (Item?.state as BreakerState | undefined) ?? 'CLOSED',
    failures: (Item?.failures as number | undefined) ?? 0,
    openedAt: Item?.openedAt,
    trialId: Item?.trialId,
    trialUntil: Item?.trialUntil,
  };
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
  const record = await readBreaker(name);
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
  if (permit.kind === 'closed') {
    if (permit.failuresSeen === 0) return; // nothing to reset: no write on the hot path
    await dynamo()
      .send(
        new UpdateCommand({
          TableName: tableName('control'),
          Key: keyOf(name),
          UpdateExpression: 'SET failures = :zero',
          ConditionExpression: '#state = :closed',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':zero': 0, ':closed': 'CLOSED' },
        }),
      )
      .catch(ignoreLostRace);
    return;
  }
  await dynamo()
    .send(
      new UpdateCommand({
        TableName: tableName('control'),
        Key: keyOf(name),
        UpdateExpression: 'SET #state = :closed, failures = :zero REMOVE trialId, trialUntil, openedAt',
        ConditionExpression: 'trialId = :trialId',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':closed': 'CLOSED', ':zero': 0, ':trialId': permit.trialId },
      }),
    )
    .catch(ignoreLostRace);
}

async function recordTransientFailure(name: string, permit: Permit, settings: BreakerSettings) {
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
