// A probe of bench/bundle-import-costs.ts: the Powertools logger and metrics every function carries.
import { logger } from '../../functions/core/logger';
import { flushMetrics } from '../../functions/core/metrics';

export const handler = async () => {
  logger.info('probe');
  flushMetrics();
};
