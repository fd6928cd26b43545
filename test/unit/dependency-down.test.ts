// A dependency that is down or throttling is a 503 SERVICE_UNAVAILABLE with retry-after (header and
// details), never a 500, on HTTP routes and WebSocket routes alike. The errors are built the way
// the SDK hands them over after its retries: Node's socket errors as @smithy/node-http-handler
// passes them on (ECONNRESET / EPIPE / ETIMEDOUT renamed TimeoutError), and AWS service faults.
import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import {
  ConditionalCheckFailedException,
  InternalServerError,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { tableKeys, tables } from '../../contract/tables';
import { checkHealth, forgetHealth, HEALTH_CACHE_MS } from '../../functions/core/health';
import { handler as getCart } from '../../functions/http/cart/get-cart';
import { handler as health } from '../../functions/http/health';
import { handler as checkout } from '../../functions/http/orders/checkout';
import { handler as setRiderAvailability } from '../../functions/http/rider/set-rider-availability';
import { handler as connect } from '../../functions/ws/connect';
import { handler as subscribe } from '../../functions/ws/subscribe';
import { lambdaContext } from '../../local/lambda-runtime';

const ddb = mockClient(DynamoDBDocumentClient);
const management = mockClient(ApiGatewayManagementApiClient);
// What the handlers' grants would give them; nothing is reached, the clients are mocked.
const env = {
  WEBSOCKET_MANAGEMENT_ENDPOINT: 'http://127.0.0.1:9',
  ...Object.fromEntries(tableKeys.map((key) => [tables[key].envVar, `unit-${key}`])),
};
const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
Object.assign(process.env, env);
afterAll(() => {
  ddb.restore();
  management.restore();
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});
beforeEach(() => {
  ddb.reset();
  management.reset();
  management.on(PostToConnectionCommand).resolves({});
  forgetHealth();
});

/** What node:http's request emits when nothing listens on the port. */
const socketError = (code: string, message: string) =>
  Object.assign(new Error(message), {
    code,
    errno: -1,
    syscall: 'connect',
    address: '127.0.0.1',
    port: 8000,
  });
/** What @smithy/node-http-handler does to the codes it counts as timeouts before rejecting. */
const renamedTimeout = (code: string) =>
  Object.assign(socketError(code, `${code} on socket`), { name: 'TimeoutError' });

const downs: [string, Error][] = [
  ['ECONNREFUSED', socketError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:8000')],
  ['ECONNRESET', renamedTimeout('ECONNRESET')],
  ['EPIPE', renamedTimeout('EPIPE')],
  ['ETIMEDOUT', renamedTimeout('ETIMEDOUT')],
  ['socket hang up', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
  [
    'a socket timeout',
    Object.assign(new Error('@smithy/node-http-handler - the request socket timed out after 1000 ms'), {
      name: 'TimeoutError',
    }),
  ],
  [
    'a request timeout the service answered, after the SDK’s retries',
    Object.assign(new Error('Your socket connection to the server was not read from or written to'), {
      name: 'RequestTimeout',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    }),
  ],
  [
    'a dual-stack connect refused on both addresses',
    new AggregateError([socketError('ECONNREFUSED', 'connect ECONNREFUSED ::1:8000')], ''),
  ],
  [
    'throttling after the SDK’s retries',
    new ProvisionedThroughputExceededException({ message: 'slow', $metadata: {} }),
  ],
  ['a 500 from DynamoDB', new InternalServerError({ message: 'boom', $metadata: { httpStatusCode: 500 } })],
  [
    'a 503 with an unmodelled name',
    Object.assign(new Error('Service Unavailable'), {
      name: 'UnknownError',
      $fault: 'server',
      $metadata: { httpStatusCode: 503 },
    }),
  ],
];

const shopper = { sub: 'u-down', role: 'shopper' };
const httpEvent = (routeKey: string, init: Partial<APIGatewayProxyEventV2> = {}) =>
  ({
    routeKey,
    isBase64Encoded: false,
    requestContext: { authorizer: { jwt: { claims: shopper } } },
    ...init,
    headers: { 'content-type': 'application/json', ...init.headers },
  }) as unknown as APIGatewayProxyEventV2;

const answer = async (run: Promise<unknown>) => {
  const result = (await run) as { statusCode: number; headers?: Record<string, string>; body: string };
  return { ...result, body: JSON.parse(result.body) };
};

const expect503 = (res: Awaited<ReturnType<typeof answer>>) => {
  expect(res.statusCode, JSON.stringify(res.body)).toBe(503);
  expect(res.headers?.['retry-after']).toMatch(/^[1-9]\d*$/);
  expect(res.body.error.code).toBe('SERVICE_UNAVAILABLE');
  expect(res.body.error.details.retryAfter).toBe(Number(res.headers?.['retry-after']));
};

describe.each(downs)('DynamoDB unreachable: %s', (_, error) => {
  it('GET /cart answers 503 with retry-after', async () => {
    ddb.onAnyCommand().rejects(error);
    expect503(await answer(getCart(httpEvent('GET /cart'), lambdaContext('getCart'))));
  });

  it('POST /checkout answers 503 with retry-after', async () => {
    ddb.onAnyCommand().rejects(error);
    const event = httpEvent('POST /checkout', {
      headers: { 'idempotency-key': 'key-dependency-down' },
      body: JSON.stringify({
        deliveryAddress: { line1: 'x', city: 'Bengaluru', pincode: '560038', lat: 12.9, lng: 77.6 },
      }),
    });
    expect503(await answer(checkout(event, lambdaContext('checkout'))));
  });

  it('a WebSocket subscribe answers a SERVICE_UNAVAILABLE frame and 503', async () => {
    ddb.onAnyCommand().rejects(error);
    const event = {
      requestContext: { connectionId: 'c-down', routeKey: 'subscribe' },
      body: JSON.stringify({ action: 'subscribe', orderId: 'o-down' }),
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyWebsocketEventV2;
    const result = (await subscribe(event)) as { statusCode: number };
    expect(result.statusCode).toBe(503);
    const sent = management
      .commandCalls(PostToConnectionCommand)
      .map((c) => JSON.parse(String(c.args[0].input.Data)));
    expect(sent).toEqual([
      expect.objectContaining({ type: 'error', code: 'SERVICE_UNAVAILABLE', orderId: 'o-down' }),
    ]);
  });

  it('a WebSocket $connect is refused with 503, not 500', async () => {
    ddb.onAnyCommand().rejects(error);
    const event = {
      requestContext: {
        connectionId: 'c-down',
        routeKey: '$connect',
        authorizer: { userId: 'u', role: 'shopper' },
      },
    } as unknown as Parameters<typeof connect>[0];
    expect503(await answer(connect(event)));
  });
});

describe('a write that keeps losing races', () => {
  it("PUT /rider/availability answers 503 when the rider's order keeps ending and starting under it", async () => {
    // Both of setAvailability's conditions refused, every round: as if the rider's current order
    // ended and a new one was offered between each of its writes.
    ddb
      .onAnyCommand()
      .rejects(new ConditionalCheckFailedException({ message: 'no', $metadata: { httpStatusCode: 400 } }));
    const event = httpEvent('PUT /rider/availability', {
      requestContext: {
        authorizer: { jwt: { claims: { sub: 'r-racing', role: 'rider' } } },
      } as unknown as APIGatewayProxyEventV2['requestContext'],
      body: JSON.stringify({ available: true, location: { lat: 12.97, lng: 77.59 } }),
    });
    expect503(await answer(setRiderAvailability(event, lambdaContext('setRiderAvailability'))));
  });
});

describe('errors that are not a dependency down', () => {
  it.each([
    [
      'a failed condition escaping a handler',
      new ConditionalCheckFailedException({ message: 'no', $metadata: { httpStatusCode: 400 } }),
    ],
    ['a plain bug', new TypeError('Cannot read properties of undefined')],
  ])('%s stays a 500', async (_, error) => {
    ddb.onAnyCommand().rejects(error);
    const res = await answer(getCart(httpEvent('GET /cart'), lambdaContext('getCart')));
    expect(res.statusCode).toBe(500);
    expect(res.body.error.code).toBe('INTERNAL_ERROR');
  });
});

describe('GET /health', () => {
  it('reports DynamoDB ok with 200', async () => {
    ddb.on(GetCommand).resolves({});
    const res = await answer(health(httpEvent('GET /health'), lambdaContext('health')));
    expect(res.statusCode).toBe(200);
    expect(res.body).toEqual({ status: 'ok', dependencies: { dynamodb: 'ok' } });
  });

  it('answers 503 with retry-after while DynamoDB is unreachable', async () => {
    ddb.on(GetCommand).rejects(downs[0]![1]);
    const res = await answer(health(httpEvent('GET /health'), lambdaContext('health')));
    expect(res.statusCode).toBe(503);
    expect(res.headers?.['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(res.body).toEqual({ status: 'unavailable', dependencies: { dynamodb: 'unavailable' } });
  });

  it('checks DynamoDB once for a flood of probes', async () => {
    ddb.on(GetCommand).resolves({});
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => answer(health(httpEvent('GET /health'), lambdaContext('health')))),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(200));
    expect(ddb.commandCalls(GetCommand).length).toBe(1);
  });
});

describe('the health check’s cache', () => {
  it('reuses an answer for 5 s, then checks again', async () => {
    ddb.on(GetCommand).resolves({});
    const t0 = 1_000_000;
    expect((await checkHealth(t0)).status).toBe('ok');
    ddb.on(GetCommand).rejects(downs[0]![1]);
    expect((await checkHealth(t0 + HEALTH_CACHE_MS - 1)).status).toBe('ok');
    expect((await checkHealth(t0 + HEALTH_CACHE_MS)).status).toBe('unavailable');
    expect(ddb.commandCalls(GetCommand)).toHaveLength(2);
  });
});
