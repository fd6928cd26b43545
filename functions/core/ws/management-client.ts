// The API Gateway management API of our WebSocket stage. In AWS the endpoint is the stage's
// https URL; locally it is the ws gateway's. Either way it comes from WEBSOCKET_MANAGEMENT_ENDPOINT.
import {
  ApiGatewayManagementApiClient,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { awsClientConfig } from '../aws-client-config';
import type { ServerMessage } from './messages';

let client: ApiGatewayManagementApiClient | undefined;
let clientEndpoint: string | undefined;

export const managementClient = (): ApiGatewayManagementApiClient => {
  const endpoint = process.env.WEBSOCKET_MANAGEMENT_ENDPOINT;
  if (!endpoint) throw new Error('WEBSOCKET_MANAGEMENT_ENDPOINT is not set');
  if (!client || clientEndpoint !== endpoint) {
    client = new ApiGatewayManagementApiClient({ ...awsClientConfig(), endpoint });
    clientEndpoint = endpoint;
  }
  return client;
};

/** Sends one message; throws GoneException when the connection is no longer there. */
export async function sendToConnection(connectionId: string, message: ServerMessage): Promise<void> {
  await managementClient().send(
    new PostToConnectionCommand({ ConnectionId: connectionId, Data: JSON.stringify(message) }),
  );
}

export const isGone = (error: unknown): boolean =>
  error instanceof GoneException || (error as { name?: string } | undefined)?.name === 'GoneException';
