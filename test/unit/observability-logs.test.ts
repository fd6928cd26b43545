// Every edge wrapper puts the Lambda context and the invocation's correlation keys on each log
// line, and none of them outlives its invocation.
import type { APIGatewayProxyEventV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EVENT_SOURCE, eventTypes } from '../../contract/events';
import { routes } from '../../contract/routes';
import { OrderStatusChangedDetail } from '../../contract/schemas/events';
import * as z from '../../contract/schemas/zod';
import { eventHandler } from '../../functions/core/event-handler';
import { httpHandler } from '../../functions/core/http/handler';
import { logger } from '../../functions/core/logger';
import { sagaTask, TaskInput } from '../../functions/core/saga-task';
import { messageHandler } from '../../functions/core/ws/handler';
import { lambdaContext } from '../../local/lambda-runtime';
import { captureStdout } from '../support/captured-output';

// The WebSocket edge's two calls out: who owns the connection, and the reply.
vi.mock('../../functions/core/subscriptions', () => ({
  getConnection: async (connectionId: string) => ({ connectionId, userId: 'u-1' }),
}));
vi.mock('../../functions/core/ws/management-client', () => ({
  sendToConnection: vi.fn(async () => {}),
  isGone: () => false,
}));

let output: ReturnType<typeof captureStdout>;
beforeEach(() => {
  logger.setLogLevel('INFO');
  output = captureStdout();
});
afterEach(() => {
  output.restore();
  logger.setLogLevel('SILENT');
});

const logged = (message: string) => output.logs().filter((line) => line.message === message);

describe('log context on every trigger', () => {
  it('HTTP: the Lambda context and API Gateway request id, gone after the invocation', async () => {
    const handler = httpHandler(routes.health, async () => {
      logger.info('in handler');
      return { status: 'ok' };
    });
    const context = lambdaContext('route-health');
    const event = {
      rawPath: '/health',
      headers: {},
      isBase64Encoded: false,
      requestContext: { requestId: 'api-req-1', http: { method: 'GET', path: '/health' } },
    } as unknown as APIGatewayProxyEventV2;
    expect((await handler(event, context)).statusCode).toBe(200);
    logger.info('after');

    const [line] = logged('in handler');
    expect(line).toMatchObject({
      correlation_id: 'api-req-1',
      function_request_id: context.awsRequestId,
      function_name: 'route-health',
    });
    expect(typeof line?.cold_start).toBe('boolean');
    expect(logged('after')[0]).not.toHaveProperty('correlation_id');
  });

  it('WebSocket: the request id, connection and route on the lines of that frame', async () => {
    const handler = messageHandler(z.object({ action: z.literal('ping') }), async ({ connection }) => {
      logger.info('in ws handler', { userId: connection.userId });
      return { type: 'error', code: 'NOT_FOUND', message: 'just a reply' } as never;
    });
    const event = {
      body: '{"action":"ping"}',
      isBase64Encoded: false,
      requestContext: { requestId: 'ws-req-1', connectionId: 'c-1', routeKey: 'ping' },
    } as unknown as APIGatewayProxyWebsocketEventV2;
    const context = lambdaContext('wsDefault');
    expect(await handler(event, context)).toEqual({ statusCode: 200 });
    expect(logged('in ws handler')[0]).toMatchObject({
      correlation_id: 'ws-req-1',
      connectionId: 'c-1',
      routeKey: 'ping',
      function_request_id: context.awsRequestId,
    });
  });

  it('saga task: the orderId on its lines, and not on the next invocation’s', async () => {
    const task = sagaTask('testTask', TaskInput, async ({ orderId }) => {
      logger.info('working', { on: orderId });
    });
    await task({ orderId: 'o-first' }, lambdaContext('testTask'));
    await expect(task({ notAnOrder: true }, lambdaContext('testTask'))).rejects.toThrow('testTask');
    await task({ orderId: 'o-second' }, lambdaContext('testTask'));

    const [first, second] = logged('working');
    expect(first).toMatchObject({ orderId: 'o-first', task: 'testTask', on: 'o-first' });
    expect(second).toMatchObject({ orderId: 'o-second', task: 'testTask', on: 'o-second' });
    expect(logged('task done').map((line) => line.orderId)).toEqual(['o-first', 'o-second']);
  });

  it('event consumer: the orderId and event id, cleared even when the consumer throws', async () => {
    const consumer = eventHandler(
      { OrderStatusChanged: OrderStatusChangedDetail },
      async (event) => {
        logger.info('consuming');
        if (event.detail.orderId === 'o-bad') throw new Error('push failed');
        return 'done';
      },
      'dropped',
    );
    const envelope = (id: string, orderId: string) => ({
      version: '0',
      id,
      'detail-type': eventTypes.orderStatusChanged,
      source: EVENT_SOURCE,
      account: '000000000000',
      time: '2026-12-01T10:00:00Z',
      region: 'ap-south-1',
      resources: [],
      detail: { orderId, userId: 'u-1', status: 'confirmed', at: '2026-12-01T10:00:00.000Z' },
    });
    await expect(consumer(envelope('e-bad', 'o-bad'), lambdaContext('pushOrderUpdate'))).rejects.toThrow(
      'push failed',
    );
    expect(await consumer({ not: 'an event' }, lambdaContext('pushOrderUpdate'))).toBe('dropped');
    expect(await consumer(envelope('e-good', 'o-good'), lambdaContext('pushOrderUpdate'))).toBe('done');

    expect(logged('consuming').map((line) => [line.eventId, line.orderId])).toEqual([
      ['e-bad', 'o-bad'],
      ['e-good', 'o-good'],
    ]);
    expect(logged('event handling failed')[0]).toMatchObject({ orderId: 'o-bad', eventId: 'e-bad' });
    const [drop] = logged('dropped an event');
    expect(drop).not.toHaveProperty('orderId');
    expect(drop).not.toHaveProperty('eventId');
  });
});
