// Stands in for mnemonist/lru-cache in deployed bundles (an esbuild alias in infra/bundling.ts; nothing
// imports this file). The DynamoDB client's endpoint-discovery cache (@aws-sdk/endpoint-cache) is its
// only user: it is built with every client and read on every call, but only ever filled when endpoint
// discovery is switched on (AWS_ENABLE_ENDPOINT_DISCOVERY), which we never do. mnemonist and
// obliterator weigh ~7 KB in every bundle with a DynamoDB client; a Map in insertion order is the same
// least-recently-used cache for the five calls EndpointCache makes (test/infra/lru-cache-map.test.ts
// compares the two), so discovery would still work if it were switched on.
export default class LRUCache<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(readonly capacity: number) {}

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  /** Reads without making the entry the most recently used. */
  peek(key: K): V | undefined {
    return this.#entries.get(key);
  }

  get(key: K): V | undefined {
    if (!this.#entries.has(key)) return undefined;
    const value = this.#entries.get(key) as V;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  set(key: K, value: V): this {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    // The first key in a Map's order is the least recently used one.
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value as K);
    return this;
  }

  clear(): void {
    this.#entries.clear();
  }
}
