// EventBridge pattern matching, one matcher at a time.
import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../local/emulators/event-pattern';

const event = {
  version: '0',
  id: 'e-1',
  'detail-type': 'OrderStatusChanged',
  source: 'quick-commerce.orders',
  account: '000000000000',
  time: '2026-11-01T10:00:00Z',
  region: 'ap-south-1',
  resources: ['arn:aws:states:ap-south-1:000000000000:execution:checkout:o-1'],
  detail: {
    orderId: 'o-1',
    status: 'CONFIRMED',
    previousStatus: null,
    totalPaise: 24900,
    items: ['p-1', 'p-2'],
    rider: { id: 'r-9', city: 'Bengaluru' },
  },
};

describe('matchesPattern', () => {
  it('matches exact values, any of several, and nothing else', () => {
    expect(matchesPattern({ source: ['quick-commerce.orders'] }, event)).toBe(true);
    expect(matchesPattern({ 'detail-type': ['DeliveryLocationUpdated', 'OrderStatusChanged'] }, event)).toBe(
      true,
    );
    expect(matchesPattern({ 'detail-type': ['DeliveryLocationUpdated'] }, event)).toBe(false);
    expect(matchesPattern({ detail: { totalPaise: ['24900'] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { totalPaise: [24900] } }, event)).toBe(true);
  });

  it('requires every field of the pattern (AND across fields)', () => {
    expect(
      matchesPattern({ source: ['quick-commerce.orders'], detail: { status: ['CONFIRMED'] } }, event),
    ).toBe(true);
    expect(
      matchesPattern({ source: ['quick-commerce.orders'], detail: { status: ['CANCELLED'] } }, event),
    ).toBe(false);
  });

  it('matches nested detail fields and arrays in the event by intersection', () => {
    expect(matchesPattern({ detail: { rider: { city: ['Bengaluru'] } } }, event)).toBe(true);
    expect(matchesPattern({ detail: { rider: { city: ['Mumbai'] } } }, event)).toBe(false);
    expect(matchesPattern({ detail: { items: ['p-2', 'p-7'] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { items: ['p-7'] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { missing: { deeper: ['x'] } } }, event)).toBe(false);
  });

  it('matches null only to null', () => {
    expect(matchesPattern({ detail: { previousStatus: [null] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { status: [null] } }, event)).toBe(false);
  });

  it('supports prefix, suffix and equals-ignore-case', () => {
    expect(matchesPattern({ source: [{ prefix: 'quick-commerce.' }] }, event)).toBe(true);
    expect(matchesPattern({ source: [{ prefix: 'blinkit.' }] }, event)).toBe(false);
    expect(matchesPattern({ detail: { orderId: [{ suffix: '-1' }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { orderId: [{ suffix: '-2' }] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { status: [{ 'equals-ignore-case': 'confirmed' }] } }, event)).toBe(true);
    expect(
      matchesPattern({ detail: { status: [{ prefix: { 'equals-ignore-case': 'conf' } }] } }, event),
    ).toBe(true);
    expect(matchesPattern({ detail: { totalPaise: [{ prefix: '249' }] } }, event)).toBe(false);
  });

  it('supports anything-but with a value, a list and a prefix; a missing field never matches', () => {
    expect(matchesPattern({ detail: { status: [{ 'anything-but': 'CANCELLED' }] } }, event)).toBe(true);
    expect(
      matchesPattern({ detail: { status: [{ 'anything-but': ['CONFIRMED', 'CANCELLED'] }] } }, event),
    ).toBe(false);
    expect(matchesPattern({ detail: { status: [{ 'anything-but': { prefix: 'CONF' } }] } }, event)).toBe(
      false,
    );
    expect(matchesPattern({ detail: { status: [{ 'anything-but': { prefix: 'CANC' } }] } }, event)).toBe(
      true,
    );
    expect(matchesPattern({ detail: { nothing: [{ 'anything-but': 'x' }] } }, event)).toBe(false);
  });

  it('supports exists true and false', () => {
    expect(matchesPattern({ detail: { rider: { id: [{ exists: true }] } } }, event)).toBe(true);
    expect(matchesPattern({ detail: { refundId: [{ exists: true }] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { refundId: [{ exists: false }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { orderId: [{ exists: false }] } }, event)).toBe(false);
    // A null value exists.
    expect(matchesPattern({ detail: { previousStatus: [{ exists: true }] } }, event)).toBe(true);
  });

  it('supports numeric ranges', () => {
    expect(matchesPattern({ detail: { totalPaise: [{ numeric: ['>', 19900] }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { totalPaise: [{ numeric: ['>=', 10000, '<', 20000] }] } }, event)).toBe(
      false,
    );
    expect(matchesPattern({ detail: { totalPaise: [{ numeric: ['=', 24900] }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { totalPaise: [{ numeric: ['<=', 24899] }] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { status: [{ numeric: ['>', 0] }] } }, event)).toBe(false);
  });

  it('supports $or between sub-patterns', () => {
    const pattern = {
      $or: [{ detail: { status: ['CANCELLED'] } }, { detail: { totalPaise: [{ numeric: ['>', 20000] }] } }],
    };
    expect(matchesPattern(pattern, event)).toBe(true);
    expect(
      matchesPattern({ $or: [{ detail: { status: ['CANCELLED'] } }, { source: ['other'] }] }, event),
    ).toBe(false);
  });

  it('rejects malformed patterns instead of guessing', () => {
    expect(() => matchesPattern({ source: 'quick-commerce.orders' }, event)).toThrow(/array of matchers/);
    expect(() => matchesPattern({ source: [{ wildcard: 'quick-*' }] }, event)).toThrow(/Unsupported/);
    expect(() => matchesPattern({ detail: { totalPaise: [{ numeric: ['>'] }] } }, event)).toThrow(/numeric/);
  });
});
