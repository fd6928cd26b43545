// The stand-in for mnemonist/lru-cache (functions/core/bundle-aliases/lru-cache-map.ts) against the
// package itself (the copy @aws-sdk/endpoint-cache depends on): the same sequence of the calls
// EndpointCache makes, the same answers.
import MnemonistLRUCache from 'mnemonist/lru-cache';
import { describe, expect, it } from 'vitest';
import LRUCache from '../../functions/core/bundle-aliases/lru-cache-map';

/** A small deterministic generator (mulberry32), so a failure replays. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

describe('LRUCache stand-in', () => {
  it('answers get, peek and has as mnemonist does through 5,000 mixed calls, evicting the same keys', () => {
    const next = random(11);
    const capacity = 4;
    const ours = new LRUCache<string, number>(capacity);
    const theirs = new MnemonistLRUCache<string, number>(capacity);
    const keys = Array.from({ length: 9 }, (_, i) => `k${i}`);
    const answers: unknown[] = [];
    for (let call = 0; call < 5_000; call++) {
      const key = keys[Math.floor(next() * keys.length)]!;
      const op = next();
      if (op < 0.4) {
        ours.set(key, call);
        theirs.set(key, call);
      } else if (op < 0.7) {
        answers.push(ours.get(key));
        expect(ours.get(key), `get ${key} at call ${call}`).toBe(theirs.get(key));
      } else if (op < 0.85) {
        expect(ours.peek(key), `peek ${key} at call ${call}`).toBe(theirs.peek(key));
      } else if (op < 0.998) {
        expect(ours.has(key), `has ${key} at call ${call}`).toBe(theirs.has(key));
      } else {
        ours.clear();
        theirs.clear();
      }
      for (const k of keys) expect(ours.peek(k), `${k} after call ${call}`).toBe(theirs.peek(k));
    }
    // The run exercised both hits and misses.
    expect(answers.some((a) => a === undefined)).toBe(true);
    expect(answers.some((a) => typeof a === 'number')).toBe(true);
  });

  it('never holds more than its capacity, dropping the least recently used', () => {
    const cache = new LRUCache<string, number>(2);
    cache.set('a', 1).set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([true, false, true]);
  });
});
