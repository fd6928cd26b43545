// The one wait between DynamoDB retries (transaction conflicts, unprocessed batch items).

/** Full jitter: a random wait up to an exponentially growing cap (25 ms, 50 ms, … at most 1 s). */
export const backoffMs = (attempt: number) => Math.random() * Math.min(1000, 25 * 2 ** attempt);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
