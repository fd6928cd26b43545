// The one declaration of every DynamoDB table: the CDK stack and the local runtime both build from it.
// Handlers find a table's real name in the env var `envVar` (set by CDK or by the local runtime).

export type AttributeType = 'S' | 'N';

export interface KeyDeclaration {
  name: string;
  type: AttributeType;
}

/** What an index copies from each item. `ALL` (the default) makes every write to an item a write to
 *  its index entry; `INCLUDE` names the only non-key attributes whose change rewrites it. */
export type IndexProjection =
  | { type: 'ALL' }
  | { type: 'KEYS_ONLY' }
  | { type: 'INCLUDE'; attributes: readonly string[] };

export interface IndexDeclaration {
  indexName: string;
  partitionKey: KeyDeclaration;
  sortKey?: KeyDeclaration;
  projection?: IndexProjection;
}

/** The catalog fields a listing returns: the only attributes the listing index copies. The stock
 *  counters stay out, so a stock move writes no index entry (docs/decisions.md, 2026-12-02). */
export const LISTED_PRODUCT_ATTRIBUTES = [
  'name',
  'category',
  'price',
  'mrp',
  'unit',
  'imageUrl',
  'maxPerOrder',
  'active',
] as const;

export interface TableDeclaration {
  /** Env var that carries the physical table name to the handlers. */
  envVar: string;
  partitionKey: KeyDeclaration;
  sortKey?: KeyDeclaration;
  globalIndexes?: IndexDeclaration[];
  timeToLiveAttribute?: string;
  /** A change stream with both images: the order events are cut from it (docs/decisions.md). */
  stream?: 'NEW_AND_OLD_IMAGES';
  /** What the table holds, for docs and for the CDK description. */
  description: string;
}

export const tables = {
  /** One item per product: catalog fields and the stock counters, written by different modules;
   *  plus one `#categories` record (the categories ever listed), which no product id can collide with. */
  products: {
    envVar: 'PRODUCTS_TABLE',
    description: 'Products: catalog fields plus stock counters (available/reserved/sold/received)',
    partitionKey: { name: 'productId', type: 'S' },
    // Sharded stock (functions/core/inventory): the stream keeps sharded products' display summaries.
    stream: 'NEW_AND_OLD_IMAGES',
    // Sparse index: only active products carry `listing` (`ACTIVE#<category>`), so browsing is a
    // Query, never a Scan, and each category is its own index partition. Catalog fields only.
    globalIndexes: [
      {
        indexName: 'listedByCategory',
        partitionKey: { name: 'listing', type: 'S' },
        sortKey: { name: 'productId', type: 'S' },
        projection: { type: 'INCLUDE', attributes: LISTED_PRODUCT_ATTRIBUTES },
      },
    ],
  },
  /** One item per cart line, so each line is updated with its own condition. */
  carts: {
    envVar: 'CARTS_TABLE',
    description: 'Cart lines: one item per (userId, productId)',
    partitionKey: { name: 'userId', type: 'S' },
    sortKey: { name: 'productId', type: 'S' },
  },
  orders: {
    envVar: 'ORDERS_TABLE',
    description: 'Orders, with their payment and timeline; byUser lists a shopper’s orders newest first',
    partitionKey: { name: 'orderId', type: 'S' },
    // Every status change and rider location lands here, so OrderStatusChanged and
    // DeliveryLocationUpdated come from this stream (functions/streams/publish-order-events.ts).
    stream: 'NEW_AND_OLD_IMAGES',
    globalIndexes: [
      // Keys only: an order is written ~20 times on its way to the door, and with ALL projected each
      // of those writes was written again here; the list reads the orders by key instead.
      {
        indexName: 'byUser',
        partitionKey: { name: 'userId', type: 'S' },
        sortKey: { name: 'createdAt', type: 'S' },
        projection: { type: 'KEYS_ONLY' },
      },
      // Sparse: an order carries `openShard` / `openDeadline` from checkout until the reconciler has
      // seen it ended with nothing owed, so "past its deadline" is a Query per shard, never a Scan.
      {
        indexName: 'openByDeadline',
        partitionKey: { name: 'openShard', type: 'S' },
        sortKey: { name: 'openDeadline', type: 'S' },
        // The reconciler reads only the order ids from it.
        projection: { type: 'KEYS_ONLY' },
      },
      // Sparse: only confirmed orders no rider could take carry `awaitingRider`, oldest first.
      {
        indexName: 'awaitingRider',
        partitionKey: { name: 'awaitingRider', type: 'S' },
        sortKey: { name: 'createdAt', type: 'S' },
      },
    ],
  },
  /** One item per rider: availability, last location, the order they carry (`currentOrderId`). */
  riders: {
    envVar: 'RIDERS_TABLE',
    description: 'Riders: availability, location and current order; freeRiders lists those free now',
    partitionKey: { name: 'riderId', type: 'S' },
    // Sparse: `freePool` is set only while a rider is available and carries no order.
    globalIndexes: [
      {
        indexName: 'freeRiders',
        partitionKey: { name: 'freePool', type: 'S' },
        sortKey: { name: 'freeSince', type: 'S' },
      },
    ],
  },
  /** Small records that guard other writes: rate-limit windows, idempotency keys, each shopper's
   *  checkout guard (the cart's unpaid order, the unpaid orders), webhook event ids, the Razorpay
   *  circuit breaker, daily order-number counters. All expire through TTL. */
  control: {
    envVar: 'CONTROL_TABLE',
    description: 'Guards: rate limits, idempotency keys, webhook dedupe, circuit breaker, counters',
    partitionKey: { name: 'pk', type: 'S' },
    timeToLiveAttribute: 'expiresAt',
  },
  notifications: {
    envVar: 'NOTIFICATIONS_TABLE',
    description: 'In-app notifications per user, newest first',
    partitionKey: { name: 'userId', type: 'S' },
    sortKey: { name: 'notificationId', type: 'S' },
    timeToLiveAttribute: 'expiresAt',
  },
  /** Live WebSocket connections and what each watches: `conn#<id>`/`meta` (who is connected),
   *  `conn#<id>`/`order#<orderId>` and `order#<orderId>`/`conn#<id>` (one subscription, seen from
   *  either side, so disconnect and push are both a Query). Expire through TTL after API Gateway's 2 h cap. */
  connections: {
    envVar: 'CONNECTIONS_TABLE',
    description: 'WebSocket connections and their order subscriptions',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    timeToLiveAttribute: 'expiresAt',
  },
} as const satisfies Record<string, TableDeclaration>;

/** `openShard` is `open#0` … `open#<n-1>`: spreads the open orders over a few partitions. */
export const OPEN_ORDER_SHARDS = 4;

export type TableKey = keyof typeof tables;
export const tableKeys = Object.keys(tables) as TableKey[];
