// The whole system on one machine: DynamoDB Local, the tables, and the HTTP gateway in front of
// the same handlers Lambda runs. Used by `npm start` and by the tests.
import type { Server } from 'node:http';
import { useLocalAws } from './aws-env';
import { type DynamoDbLocal, startDynamoDbLocal } from './emulators/dynamodb-local';
import { startHttpGateway } from './http-gateway';
import { createTables } from './tables';

export interface LocalSystemOptions {
  httpPort: number;
  /** Use an already running DynamoDB (tests share one); otherwise one is started. */
  dynamoEndpoint?: string;
  dynamoPort?: number;
  /** Persist DynamoDB data here; omitted = in memory. */
  dataDir?: string;
  /** Table name prefix, so several systems can share one DynamoDB. */
  tablePrefix?: string;
}

export interface LocalSystem {
  httpUrl: string;
  dynamoEndpoint: string;
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

    const http = await startHttpGateway(options.httpPort);
    stops.unshift(() => closeServer(http.server));

    return {
      httpUrl: http.url,
      dynamoEndpoint,
      stop: async () => {
        for (const stop of stops) await stop();
      },
    };
  } catch (error) {
    for (const stop of stops) await stop().catch(() => {});
    throw error;
  }
}
