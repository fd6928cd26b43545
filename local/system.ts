// The whole system on one machine: DynamoDB Local, the tables, and the HTTP gateway in front of
// the same handlers Lambda runs. Used by `npm start` and by the tests.
import { join, resolve } from 'node:path';
import {
  DEFAULT_POST_PAYMENT_RETRY_MINUTES,
  postPaymentRetrySubstitutions,
} from '../contract/post-payment-retry';
import { backfillListingKeys } from '../functions/core/listing-backfill';
import { type StreamPoller, startStreamConsumers } from './emulators/dynamodb-streams';
import { type EventBridgeLocal, startEventBridgeLocal } from './emulators/eventbridge';
import { type Outbox, startOutbox } from './emulators/outbox';
import { type StepFunctionsLocal, startStepFunctionsLocal } from './emulators/step-functions';
import { startWatchedDynamoDbLocal, type WatchedDynamoDbLocal } from './emulators/watched-dynamodb-local';
import { startHttpGateway } from './http-gateway';
import {
  useLocalAws,
  useLocalMessaging,
  useLocalResources,
  useRazorpayDoubleEnv,
} from './lambda-environment';
import { PROJECT_ROOT } from './lambda-runtime';
import { LOCAL_RAZORPAY_KEYS, type RazorpayDouble, startRazorpayDouble } from './razorpay-double';
import { resumeInterruptedSagas } from './resume-sagas';
import { type LocalSchedules, startLocalSchedules } from './schedules';
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
  /** Persist DynamoDB data (dataDir/dynamodb) and the Razorpay double (dataDir/razorpay) here, and
   *  resume the sagas of open orders on start; omitted = all in memory. */
  dataDir?: string;
  /** Run the scheduled functions (the reconciler) every this many seconds; omitted or 0 = never
   *  on a timer (tests call `schedules.runNow()`). */
  scheduleEverySeconds?: number;
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
  /** The local SES v2 + SNS (SMS) endpoint; default env OUTBOX_PORT, else any free port. */
  outboxPort?: number;
  /** Multiplies the state machine's Retry intervals (tests: e.g. 0.001); default 1 = real timing. */
  retryDelayScale?: number;
  /** The post-payment retry budget (contract/post-payment-retry.ts); default env
   *  POST_PAYMENT_RETRY_MINUTES, else 30. Unlike the stack, any budget above 0 (tests use short ones). */
  postPaymentRetryMinutes?: number;
  /** Called once if a child emulator died and could not be brought back (`npm start` exits 1). */
  onFatal?: (reason: string) => void;
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
  /** Emails and SMS the system sent (SES v2 and SNS stand-in); fault switch per channel. */
  outbox: Outbox;
  /** The scheduled functions (the reconciler): runNow() runs them at once. */
  schedules: LocalSchedules;
  /** Orders whose saga was started again on start (persisted data only). */
  resumedOrders: string[];
  /** The DynamoDB Local this system started and watches (absent with `dynamoEndpoint`). */
  dynamoDbLocal?: WatchedDynamoDbLocal;
  /** The table stream pollers that put the order events on the bus (caughtUp). */
  streams: StreamPoller;
  stop(): Promise<void>;
}

/** The checkout saga's ASL file; read at each StartExecution, so it may appear after start. */
export const CHECKOUT_DEFINITION_FILE = resolve(PROJECT_ROOT, 'statemachines/checkout.asl.json');
const CHECKOUT_STATE_MACHINE = 'qc-local-checkout';

/** The option, else env POST_PAYMENT_RETRY_MINUTES (fractions allowed), else the default 30. */
export function localPostPaymentRetryMinutes(
  options: Pick<LocalSystemOptions, 'postPaymentRetryMinutes'>,
): number {
  if (options.postPaymentRetryMinutes !== undefined) return options.postPaymentRetryMinutes;
  const setting = process.env.POST_PAYMENT_RETRY_MINUTES;
  if (setting === undefined || setting === '') return DEFAULT_POST_PAYMENT_RETRY_MINUTES;
  const minutes = Number(setting);
  if (!(minutes > 0))
    throw new Error(`POST_PAYMENT_RETRY_MINUTES must be a number above 0 (got '${setting}')`);
  return minutes;
}
const ORDER_EVENT_BUS = 'qc-local-orders';

export async function startLocalSystem(options: LocalSystemOptions): Promise<LocalSystem> {
  let dynamo: WatchedDynamoDbLocal | undefined;
  const stops: (() => Promise<void>)[] = [];
  // What an empty DynamoDB needs: at start, and again after an in-memory emulator was restarted.
  const prepareTables = async () => {
    await createTables(options.tablePrefix ?? 'qc-local-');
    // Products kept in ./.data by a version before the per-category listing (a no-op after).
    await backfillListingKeys();
    if (options.seedDemoCatalog) await seedDemoCatalogIfEmpty();
  };
  try {
    let dynamoEndpoint = options.dynamoEndpoint;
    if (!dynamoEndpoint) {
      dynamo = await startWatchedDynamoDbLocal({
        port: options.dynamoPort ?? 8000,
        dbPath: options.dataDir && join(options.dataDir, 'dynamodb'),
        afterRestart: prepareTables,
        onGiveUp: (reason) => {
          console.error(`${reason}. The local system cannot work without it.`);
          options.onFatal?.(reason);
        },
      });
      stops.push(() => dynamo!.stop());
      dynamoEndpoint = dynamo.endpoint;
    }
    useLocalAws({ dynamodb: dynamoEndpoint });
    await prepareTables();

    const stepFunctions = await startStepFunctionsLocal({
      port: options.sfnPort ?? Number(process.env.SFN_PORT ?? 0),
      stateMachines: [
        {
          name: CHECKOUT_STATE_MACHINE,
          definitionFile: CHECKOUT_DEFINITION_FILE,
          substitutions: postPaymentRetrySubstitutions(localPostPaymentRetryMinutes(options)),
        },
      ],
      retryDelayScale: options.retryDelayScale,
    });
    stops.unshift(() => stepFunctions.stop());
    const eventBridge = await startEventBridgeLocal({
      port: options.eventBridgePort ?? Number(process.env.EVENTBRIDGE_PORT ?? 0),
      busName: ORDER_EVENT_BUS,
      retryDelayScale: options.retryDelayScale,
    });
    stops.unshift(() => eventBridge.stop());
    const outbox = await startOutbox({ port: options.outboxPort ?? Number(process.env.OUTBOX_PORT ?? 0) });
    stops.unshift(() => outbox.stop());
    useLocalAws({ sfn: stepFunctions.url, eventbridge: eventBridge.url, sesv2: outbox.url, sns: outbox.url });
    useLocalMessaging(outbox.url);
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
      dataDir: options.dataDir && join(options.dataDir, 'razorpay'),
    });
    stops.unshift(() => razorpay.stop());
    useRazorpayDoubleEnv(razorpay);

    // Everything is up: sagas a crash interrupted carry on, the reconciler settles the rest.
    const resumedOrders = options.dataDir ? await resumeInterruptedSagas() : [];
    const schedules = startLocalSchedules(options.scheduleEverySeconds || 0);
    stops.unshift(() => schedules.stop());

    return {
      httpUrl: http.url,
      wsUrl: ws.url,
      dynamoEndpoint,
      razorpay,
      stepFunctions,
      eventBridge,
      outbox,
      schedules,
      resumedOrders,
      dynamoDbLocal: dynamo,
      streams,
      stop: async () => {
        // Before anything else: a signal to the whole process group (a closed terminal's SIGHUP)
        // can end DynamoDB Local as it reaches Node, which is no crash to restart.
        dynamo?.expectExit();
        for (const stop of stops) await stop();
      },
    };
  } catch (error) {
    for (const stop of stops) await stop().catch(() => {});
    throw error;
  }
}
