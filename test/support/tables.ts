import { randomUUID } from 'node:crypto';
import { createTables } from '../../local/tables';

/** Fresh tables for one test file (or one test), named apart from every other. */
export async function useFreshTables(): Promise<string> {
  const prefix = `t${randomUUID().slice(0, 8)}-`;
  await createTables(prefix);
  return prefix;
}
