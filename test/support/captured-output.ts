// Powertools' Logger and Metrics write JSON lines to process.stdout (warnings and errors to
// process.stderr): this keeps them for a test to read, and out of the suite's output, until `restore()`.
import { vi } from 'vitest';

export type JsonLine = Record<string, unknown>;

export function captureStdout() {
  const written: string[] = [];
  const keep = (chunk: string | Uint8Array) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    return true;
  };
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(keep),
    vi.spyOn(process.stderr, 'write').mockImplementation(keep),
  ];
  const lines = (): JsonLine[] =>
    written
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as JsonLine);
  return {
    /** Log lines (they have a `message`). */
    logs: () => lines().filter((line) => 'message' in line),
    /** EMF metric blobs (they have `_aws`). */
    emf: () => lines().filter((line) => '_aws' in line),
    clear: () => {
      written.length = 0;
    },
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}
