// One DynamoDB Local for the whole run; each test file creates its own tables in it.
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/emulators/dynamodb-local';
import { freePort } from '../../local/free-port';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
