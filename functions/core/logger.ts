import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs; LOG_LEVEL and POWERTOOLS_SERVICE_NAME come from the environment. */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'quick-commerce-checkout',
});
