// Faults the local gateway cannot produce (throttling, a 500 from the management API): one failed
// push must not stop the others, and the invocation fails so Lambda retries it.
import {
  ApiGatewayManagementApiClient,
  GoneException,
  LimitExceededException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_SOURCE, eventTypes } from '../../contract/events';
import {
  getConnection,
  registerConnection,
  subscribeToOrder,
  watchersOf,
} from '../../functions/core/subscriptions';
import { handler } from '../../functions/events/push-order-update';
import { seedOrder } from '../support/orders-seed';
import { useFreshTables } from '../support/tables';

const management = mockClient(ApiGatewayManagementApiClient);

beforeAll(async () => {
  await useFreshTables();
  process.env.WEBSOCKET_MANAGEMENT_ENDPOINT = 'http://127.0.0.1:9/local';
});
afterAll(() => management.restore());

describe('push-order-update under management API faults', () => {
  it('tries every watcher, forgets gone ones, keeps throttled ones, and fails the invocation', async () => {
    const orderId = await seedOrder('u-faults');
    const ids = ['ok-1', 'throttled', 'gone', 'ok-2'];
    for (const id of ids) await subscribeToOrder(await registerConnection(id, 'u-faults'), orderId);
    management.on(PostToConnectionCommand).callsFake(async ({ ConnectionId }) => {
      if (ConnectionId === 'throttled')
        throw new LimitExceededException({ message: 'slow down', $metadata: {} });
      if (ConnectionId === 'gone') throw new GoneException({ message: 'gone', $metadata: {} });
      return {};
    });

    const run = handler({
      version: '0',
      id: 'e-1',
      'detail-type': eventTypes.orderStatusChanged,
      source: EVENT_SOURCE,
      account: '000000000000',
      time: new Date().toISOString(),
      region: 'ap-south-1',
      resources: [],
      detail: { orderId, userId: 'u-faults', status: 'confirmed', at: new Date().toISOString() },
    });
    await expect(run).rejects.toThrow(/1 push\(es\) failed/);

    const tried = management.commandCalls(PostToConnectionCommand).map((c) => c.args[0].input.ConnectionId);
    expect(tried.sort()).toEqual([...ids].sort());
    expect((await watchersOf(orderId)).sort()).toEqual(['ok-1', 'ok-2', 'throttled']);
    expect(await getConnection('gone')).toBeUndefined();
    expect(await getConnection('throttled')).toBeDefined();
  });
});
