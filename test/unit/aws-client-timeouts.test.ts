// A dependency that hangs (accepts the connection, never answers: a GC pause, a stopped DynamoDB
// Local) ends each SDK attempt as a TimeoutError, the SDK retries it, and the HTTP edge answers
// 503 + retry-after long before the Lambda would time out. Real sockets: a TCP server that
// accepts and stays silent stands in for the hung service.
import { createServer, type Server, type Socket } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SFNClient } from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FunctionDeclaration, functions } from '../../contract/functions';
import { routeList, routeTimeoutSeconds } from '../../contract/routes';
import { tableKeys, tables } from '../../contract/tables';
import { COGNITO_TRIGGER_WAIT_MS, signUpGroupClient } from '../../functions/cognito/join-shopper-group';
import { awsClientConfig, worstCaseCallMs } from '../../functions/core/aws-client-config';
import { dynamo } from '../../functions/core/clients';
import { isRetryable } from '../../functions/core/errors';
import { startCheckoutSaga } from '../../functions/core/orders/workflow';
import { handler as getCart } from '../../functions/http/cart/get-cart';
import { lambdaContext } from '../../local/lambda-runtime';

interface SilentServer {
  url: string;
  /** Requests begun: one connection each, as no answer ever lets a socket be reused. */
  connections: () => number;
  close(): Promise<void>;
}

async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const ATTEMPTS = 2;
let hung: SilentServer;
const saved = { ...process.env };

/** The rejection of `call`, which must reject (a call still pending fails the test by its timeout). */
const rejectionOf = (call: Promise<unknown>) =>
  call.then(
    () => expect.fail('the call answered'),
    (error: unknown) => error as Error,
  );

describe('an AWS dependency that hangs', () => {
  beforeAll(async () => {
    hung = await startSilentServer();
    // Read when each client is made (on first use, in this file's own module graph).
    Object.assign(process.env, {
      AWS_SDK_REQUEST_TIMEOUT_MS: '300',
      AWS_MAX_ATTEMPTS: String(ATTEMPTS),
      AWS_ENDPOINT_URL_DYNAMODB: hung.url,
      AWS_ENDPOINT_URL_SFN: hung.url,
      STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:hung',
      ...Object.fromEntries(tableKeys.map((key) => [tables[key].envVar, `hung-${key}`])),
    });
  });
  afterAll(async () => {
    process.env = saved;
    await hung.close();
  });

  it('ends a DynamoDB call as a retryable TimeoutError after the SDK retried it', {
    timeout: 10_000,
  }, async () => {
    const before = hung.connections();
    const error = await rejectionOf(
      dynamo().send(new GetCommand({ TableName: 'hung-carts', Key: { userId: 'u' } })),
    );
    expect(error.name).toBe('TimeoutError');
    expect(isRetryable(error)).toBe(true);
    expect(hung.connections() - before).toBe(ATTEMPTS);
  });

  it('ends a Step Functions call the same way', { timeout: 10_000 }, async () => {
    const error = await rejectionOf(startCheckoutSaga({ orderId: 'o-hung', paymentWindowSeconds: 600 }));
    expect(error.name).toBe('TimeoutError');
  });

  it('answers an HTTP route 503 with retry-after, not the Lambda timeout', { timeout: 10_000 }, async () => {
    const event = {
      routeKey: 'GET /cart',
      isBase64Encoded: false,
      headers: {},
      requestContext: { authorizer: { jwt: { claims: { sub: 'u-hung', role: 'shopper' } } } },
    } as unknown as APIGatewayProxyEventV2;
    // A minute left: an answer within the test's 10 s comes from the SDK's timeouts, not from
    // the middleware's early answer as the Lambda runs out of time.
    const answer = (await getCart(
      event,
      lambdaContext('getCart', 60_000),
    )) as APIGatewayProxyStructuredResultV2;
    expect(answer.statusCode).toBe(503);
    expect(answer.headers?.['retry-after']).toBeDefined();
    expect(JSON.parse(answer.body as string).error.code).toBe('SERVICE_UNAVAILABLE');
  });
});

describe('the default timeouts', () => {
  // Each function's timeout is declared once (contract/routes, contract/functions); the functions
  // that declare none get infra's 30 s, longer than any declared. One hung call, retried to the
  // end, must leave time to answer 503.
  const ANSWER_RESERVE_MS = 2000;
  const declared = [
    ...routeList.map((route) => routeTimeoutSeconds(route)),
    ...Object.values(functions as Record<string, FunctionDeclaration>).flatMap((f) =>
      f.timeoutSeconds === undefined ? [] : [f.timeoutSeconds],
    ),
  ];

  it('let a hung call fail with time to spare before the shortest Lambda timeout', async () => {
    // The SDK's own default attempts per client (DynamoDB's is 4, the others' 3), as resolved.
    const clients = [DynamoDBClient, SFNClient, EventBridgeClient].map(
      (Client) => new Client(awsClientConfig()),
    );
    const attempts = Math.max(...(await Promise.all(clients.map((client) => client.config.maxAttempts()))));
    expect(worstCaseCallMs(attempts) + ANSWER_RESERVE_MS).toBeLessThanOrEqual(Math.min(...declared) * 1000);
  });

  it("end the sign-up trigger's hung call before Cognito stops waiting for it", async () => {
    const attempts = await signUpGroupClient().config.maxAttempts();
    expect(worstCaseCallMs(attempts)).toBeLessThan(COGNITO_TRIGGER_WAIT_MS);
  });
});
