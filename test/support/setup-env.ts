// Runs before every test file: AWS points at the suite's DynamoDB Local, logs and metrics stay quiet
// (test/unit/observability-*.test.ts turn them on to read them).
import { inject } from 'vitest';
import { useLocalAws } from '../../local/lambda-environment';

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_DEV ??= 'false';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
useLocalAws({ dynamodb: inject('dynamoEndpoint') });
