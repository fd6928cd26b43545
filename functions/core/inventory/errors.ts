// The ways a stock move says no, as named errors callers can tell apart.
export { StockContentionError } from '../dynamo';

export class InsufficientStockError extends Error {
  override name = 'InsufficientStockError';
  constructor(readonly shortages: { productId: string; requested: number; available: number }[]) {
    super(
      `Not enough stock: ${shortages.map((s) => `${s.productId} (wanted ${s.requested}, ${s.available} available)`).join(', ')}`,
    );
  }
}

/** The guard item's condition failed: the caller's step was already done, so nothing moved. */
export class GuardConditionFailedError extends Error {
  override name = 'GuardConditionFailedError';
  constructor() {
    super('The guard condition failed; no stock moved');
  }
}

/** A release, commit or return found fewer units in the source counter than it was asked to move. */
export class StockMovementRefusedError extends Error {
  override name = 'StockMovementRefusedError';
  constructor(
    readonly move: string,
    readonly productIds: string[],
  ) {
    super(`${move} refused for ${productIds.join(', ')}: the counter holds fewer units than asked`);
  }
}
