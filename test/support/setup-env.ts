// Runs before every test file: AWS points at the suite's DynamoDB Local, logs stay quiet.
import { inject } from 'vitest';
import { useLocalAws } from '../../local/lambda-environment';

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_DEV ??= 'false';
useLocalAws({ dynamodb: inject('dynamoEndpoint') });
