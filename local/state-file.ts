// State a local emulator keeps in ./.data (the Razorpay double, stream positions), written whole on
// each change: temp file + rename, so a kill -9 mid-write leaves the previous version, never half a file.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function readStateFile<T>(file: string | undefined): T | undefined {
  if (!file || !existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export function writeStateFile(file: string | undefined, value: unknown): void {
  if (!file) return;
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(value));
  renameSync(temp, file);
}
