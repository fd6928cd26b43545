// The mark an order carries while it may still need settling: the sparse `openByDeadline` index
// (contract/tables.ts) lists it by the time its checkout should have ended. Set at checkout and again
// when a confirmed order is cancelled (a refund is owed); the reconciler removes it once it has seen
// the order ended with nothing owed.
import { createHash } from 'node:crypto';
import { OPEN_ORDER_SHARDS } from '../../../contract/tables';

export const openShardOf = (orderId: string): string =>
  `open#${createHash('sha256').update(orderId).digest().readUInt32BE(0) % OPEN_ORDER_SHARDS}`;

export const openShards = (): string[] => Array.from({ length: OPEN_ORDER_SHARDS }, (_, i) => `open#${i}`);

/** The attributes that put an order in the index: its checkout should be over by `deadline`. */
export const openMarker = (orderId: string, deadline: Date) => ({
  openShard: openShardOf(orderId),
  openDeadline: deadline.toISOString(),
});

export const OPEN_MARKER_ATTRIBUTES = ['openShard', 'openDeadline'] as const;
