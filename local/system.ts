// The whole system on one machine: DynamoDB Local, the tables, and the HTTP gateway in front of
// the same handlers Lambda runs. Used by `npm start` and by the tests.
import type { Server } from 'node:http';
import { useLocalAws } from './aws-env';
import { type DynamoDbLocal, startDynamoDbLocal } from './emulators/dynamodb-local';
import { startHttpGateway } from './http-gateway';
import {
  LOCAL_RAZORPAY_KEYS,
  type RazorpayDouble,
  startRazorpayDouble,
  useRazorpayDoubleEnv,
} from './razorpay-double';
import { seedDemoCatalogIfEmpty } from './seed';
import { createTables } from './tables';
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
}

export interface LocalSystem {
  httpUrl: string;
  /** ws://127.0.0.1:<port>; connect with ?token=<JWT>. */
  wsUrl: string;
  dynamoEndpoint: string;
  /** The Razorpay test-mode double: pay(), fault switches, received requests, sent webhooks. */
  razorpay: RazorpayDouble;
  stop(): Promise<void>;
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

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

    const http = await startHttpGateway(options.httpPort);
    stops.unshift(() => closeServer(http.server));
    // A system on a free HTTP port (a test) also takes a free WebSocket port.
    const ws = await startWebSocketGateway(options.wsPort ?? (options.httpPort === 0 ? 0 : 3001));
    stops.unshift(() => ws.stop());
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
      stop: async () => {
        for (const stop of stops) await stop();
      },
    };
  } catch (error) {
    for (const stop of stops) await stop().catch(() => {});
    throw error;
  }
}
