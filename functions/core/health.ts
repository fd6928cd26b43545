// What GET /health reports: each dependency the API relies on, checked cheaply (one GetItem on a
// known key) and at most once per few seconds per Lambda instance, so a flood of probes costs little.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Health } from '../../contract/schemas/health';
import { dynamo } from './clients';
import { tableName } from './config';
import { logger } from './logger';

/** A check's answer is reused this long. */
export const HEALTH_CACHE_MS = 5_000;
/** A hung endpoint must not hang the probe: it counts as down past this. */
const CHECK_TIMEOUT_MS = 2_000;

// The check in flight is shared too: probes arriving together wait for one GetItem.
let cached: { at: number; health: Promise<Health> } | undefined;

export function checkHealth(now = Date.now()): Promise<Health> {
  if (cached && now - cached.at < HEALTH_CACHE_MS) return cached.health;
  const health = checkDynamo().then((dynamodb): Health => ({ status: dynamodb, dependencies: { dynamodb } }));
  cached = { at: now, health };
  return health;
}

/** Forgets the cached answer (tests that bring a dependency down and up). */
export const forgetHealth = () => {
  cached = undefined;
};

async function checkDynamo(): Promise<Health['status']> {
  try {
    await dynamo().send(new GetCommand({ TableName: tableName('control'), Key: { pk: 'health' } }), {
      abortSignal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
    });
    return 'ok';
  } catch (error) {
    logger.warn('health check: DynamoDB unavailable', { error: error as Error });
    return 'unavailable';
  }
}
