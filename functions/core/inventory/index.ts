// Every way stock moves, each one conditional, so that per product, at every instant and summed
// over its shards, available + reserved + sold == received and no counter goes below zero.
// docs/architecture.md "Stock" describes the shard model.
export {
  GuardConditionFailedError,
  InsufficientStockError,
  StockContentionError,
  StockMovementRefusedError,
} from './errors';
export { getStockLevels, readStockSnapshot, type StockLevels, type StockSnapshot, totalsOf } from './levels';
export {
  commitReservation,
  MAX_LINES_PER_MOVE,
  mergeLines,
  releaseReservation,
  returnSoldStock,
  type StockLine,
  type TransactWriteItem,
} from './moves';
export { rebalanceShards } from './rebalance';
export { receiveStock } from './receive';
export { reserveStock } from './reserve';
export { type ShardedStockLevels, setStockShards, shardActiveWrites } from './resharding';
export { MAX_SHARDS, shardKey, summaryKey } from './shard-keys';
export { availableUnits, displayedAvailable, type ProductsChange, summariseStockChanges } from './summary';
