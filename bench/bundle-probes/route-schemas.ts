// A probe of bench/bundle-import-costs.ts: contract/routes.ts, as every HTTP function imports it
// (every route's schemas are built, whichever route the function serves).
import { routes } from '../../contract/routes';

export const handler = async () => Object.keys(routes).length;
