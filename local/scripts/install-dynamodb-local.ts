// Run by `npm ci` (postinstall) so the first `npm start` / `npm test` does not wait for the download.
import { ensureDynamoDbLocalJar } from '../emulators/dynamodb-local';

try {
  console.log(`DynamoDB Local: ${ensureDynamoDbLocalJar()}`);
} catch (error) {
  // Not fatal: start and test fetch it again, with the error in front of the user.
  console.warn(`DynamoDB Local jar not fetched yet: ${(error as Error).message}`);
}
