// A probe of bench/bundle-import-costs.ts: one small area's routes and schemas (the cart's), as each
// of its five functions imports them.
import { cartRoutes } from '../../contract/routes/cart';

export const handler = async () => Object.keys(cartRoutes).length;
