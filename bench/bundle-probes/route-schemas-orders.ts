// A probe of bench/bundle-import-costs.ts: the largest area's routes and schemas (checkout and the
// shopper's orders), as each of its four functions imports them.
import { orderRoutes } from '../../contract/routes/orders';

export const handler = async () => Object.keys(orderRoutes).length;
