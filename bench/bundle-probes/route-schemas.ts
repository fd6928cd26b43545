// A probe of bench/bundle-import-costs.ts: contract/routes/index.ts, every route's schemas, as every
// HTTP function imported them before each area had its module (now only GET /openapi.json's does).
import { routes } from '../../contract/routes';

export const handler = async () => Object.keys(routes).length;
