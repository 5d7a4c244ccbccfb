// Standard input is copied to a private temporary file before an import starts, so the
// import's write transaction never waits on a slow pipe (and cron is never kept waiting).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

export interface Spooled { path: string; size: number; remove(): void }

export async function spool(input: NodeJS.ReadableStream): Promise<Spooled> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credtrack-spool-'));
  const file = path.join(dir, 'stdin');
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    await pipeline(input, fs.createWriteStream(file, { mode: 0o600 }));
  } catch (err) {
    remove();
    throw err;
  }
  return { path: file, size: fs.statSync(file).size, remove };
}
