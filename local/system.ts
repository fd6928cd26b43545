// The whole system on one machine: DynamoDB Local, the tables, and the HTTP gateway in front of
// the same handlers Lambda runs. Used by `npm start` and by the tests.
import { resolve } from 'node:path';
import { type DynamoDbLocal, startDynamoDbLocal } from './emulators/dynamodb-local';
import { type StreamPoller, startStreamConsumers } from './emulators/dynamodb-streams';
import { type EventBridgeLocal, startEventBridgeLocal } from './emulators/eventbridge';
import { type StepFunctionsLocal, startStepFunctionsLocal } from './emulators/step-functions';
import { startHttpGateway } from './http-gateway';
import { useLocalAws, useLocalResources, useRazorpayDoubleEnv } from './lambda-environment';
import { PROJECT_ROOT } from './lambda-runtime';
import { LOCAL_RAZORPAY_KEYS, type RazorpayDouble, startRazorpayDouble } from './razorpay-double';
import { seedDemoCatalogIfEmpty } from './seed';
import { createTables } from './tables';
import { announceWebSocketUrl } from './web-assets';
import { startWebSocketGateway } from './websocket-gateway';

export interface LocalSystemOptions {
  httpPort: number;
  /** WebSocket API (and its management API); 0 = any free port. Default 3001 (0 if httpPort is 0). */
  wsPort?: number;
  /** Use an already running DynamoDB (tests share one); otherwise one is started. */
  dynamoEndpoint?: string;
  dynamoPort?: number;
  /** Persist DynamoDB data here; omitted = in memory. */
  dataDir?: string;
  /** Table name prefix, so several systems can share one DynamoDB. */
  tablePrefix?: string;
  /** Fill an empty catalog with demo products (`npm start`; tests leave it off). */
  seedDemoCatalog?: boolean;
  /** Port of the Razorpay double; default env RAZORPAY_DOUBLE_PORT, else any free port. */
  razorpayPort?: number;
  /** Step Functions / EventBridge endpoints; default env SFN_PORT / EVENTBRIDGE_PORT, else any free port. */
  sfnPort?: number;
  eventBridgePort?: number;
  /** Called with one line per HTTP request (`GET /products 200 12ms`); tests leave it off. */
  accessLog?: (line: string) => void;
  /** Multiplies the state machine's Retry intervals (tests: e.g. 0.001); default 1 = real timing. */
  retryDelayScale?: number;
}

export interface LocalSystem {
  httpUrl: string;
  /** ws://127.0.0.1:<port>; connect with ?token=<JWT>. */
  wsUrl: string;
  dynamoEndpoint: string;
  /** The Razorpay test-mode double: pay(), fault switches, received requests, sent webhooks. */
  razorpay: RazorpayDouble;
  /** The checkout state machine's endpoint (executions in memory): waitForExecution, waitForTaskToken. */
  stepFunctions: StepFunctionsLocal;
  /** The order event bus: published events (waitFor) and target deliveries. */
  eventBridge: EventBridgeLocal;
  /** The table stream pollers that put the order events on the bus (caughtUp). */
  streams: StreamPoller;
  stop(): Promise<void>;
}

/** The checkout saga's ASL file; read at each StartExecution, so it may appear after start. */
export const CHECKOUT_DEFINITION_FILE = resolve(PROJECT_ROOT, 'statemachines/checkout.asl.json');
const CHECKOUT_STATE_MACHINE = 'qc-local-checkout';
const ORDER_EVENT_BUS = 'qc-local-orders';

export async function startLocalSystem(options: LocalSystemOptions): Promise<LocalSystem> {
  let dynamo: DynamoDbLocal | undefined;
  const stops: (() => Promise<void>)[] = [];
  try {
    let dynamoEndpoint = options.dynamoEndpoint;
    if (!dynamoEndpoint) {
      dynamo = await startDynamoDbLocal({ port: options.dynamoPort ?? 8000, dbPath: options.dataDir });
      stops.push(() => dynamo!.stop());
      dynamoEndpoint = dynamo.endpoint;
    }
    useLocalAws({ dynamodb: dynamoEndpoint });
    await createTables(options.tablePrefix ?? 'qc-local-');
    if (options.seedDemoCatalog) await seedDemoCatalogIfEmpty();

    const stepFunctions = await startStepFunctionsLocal({
      port: options.sfnPort ?? Number(process.env.SFN_PORT ?? 0),
      stateMachines: [{ name: CHECKOUT_STATE_MACHINE, definitionFile: CHECKOUT_DEFINITION_FILE }],
      retryDelayScale: options.retryDelayScale,
    });
    stops.unshift(() => stepFunctions.stop());
    const eventBridge = await startEventBridgeLocal({
      port: options.eventBridgePort ?? Number(process.env.EVENTBRIDGE_PORT ?? 0),
      busName: ORDER_EVENT_BUS,
    });
    stops.unshift(() => eventBridge.stop());
    useLocalAws({ sfn: stepFunctions.url, eventbridge: eventBridge.url });
    useLocalResources({
      stateMachineArn: stepFunctions.stateMachineArn(CHECKOUT_STATE_MACHINE),
      eventBusName: ORDER_EVENT_BUS,
    });
    // The order events come from the orders table's stream; positions persist beside the data.
    const streams = await startStreamConsumers({
      endpoint: dynamoEndpoint,
      positionsFile: options.dataDir && resolve(options.dataDir, 'stream-positions.json'),
    });
    stops.unshift(() => streams.stop());

    const http = await startHttpGateway(options.httpPort, { accessLog: options.accessLog });
    stops.unshift(() => http.close());
    // A system on a free HTTP port (a test) also takes a free WebSocket port.
    const ws = await startWebSocketGateway(options.wsPort ?? (options.httpPort === 0 ? 0 : 3001));
    stops.unshift(() => ws.stop());
    // The handlers find the management API the way they would in AWS: from env.
    useLocalResources({ webSocketManagementEndpoint: ws.managementEndpoint });
    announceWebSocketUrl(ws.url);
    const razorpay = await startRazorpayDouble({
      port: options.razorpayPort ?? Number(process.env.RAZORPAY_DOUBLE_PORT ?? 0),
      ...LOCAL_RAZORPAY_KEYS,
      webhookUrl: `${http.url}/webhooks/razorpay`,
    });
    stops.unshift(() => razorpay.stop());
    useRazorpayDoubleEnv(razorpay);

    return {
      httpUrl: http.url,
      wsUrl: ws.url,
      dynamoEndpoint,
      razorpay,
      stepFunctions,
      eventBridge,
      streams,
      stop: async () => {
        for (const stop of stops) await stop();
      },
    };
  } catch (error) {
    for (const stop of stops) await stop().catch(() => {});
    throw error;
  }
}
