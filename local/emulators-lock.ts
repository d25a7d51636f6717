/**
 * One process at a time runs the emulators on a data dir (dynalite's LevelDB allows one opener). The lock
 * file <data dir>/emulators.lock names the process holding it, so a second `tipline run` says plainly who
 * has the data dir instead of failing on a closed port; a lock whose process has gone (killed) is taken over.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import path from 'node:path';

export interface LockHolder {
  pid: number;
  startedAt: string;
  command: string;
}

export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
  constructor(readonly dataDir: string, readonly holder: LockHolder) {
    super(`data dir ${dataDir} is in use by process ${holder.pid} (\`${holder.command}\`, since ${holder.startedAt}); wait for it to end, or use another --data-dir`);
  }
}

export const lockPath = (dataDir: string): string => path.join(path.resolve(dataDir), 'emulators.lock');

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(file: string): Promise<LockHolder | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf-8')) as LockHolder;
  } catch {
    return undefined;
  }
}

/** Take the data dir's lock; resolves to its release. Throws DataDirInUseError when a live process holds it. */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const file = lockPath(dataDir);
  const me: LockHolder = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    command: ['tipline', ...process.argv.slice(2)].join(' ').slice(0, 200),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(file, `${JSON.stringify(me)}\n`, { flag: 'wx', mode: 0o600 });
      // Also released when the process exits without stopping (an error, Ctrl-C).
      const onExit = () => {
        try {
          unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', onExit);
      return async () => {
        process.removeListener('exit', onExit);
        const holder = await readHolder(file);
        if (holder?.pid === process.pid) await rm(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = await readHolder(file);
    if (holder && holder.pid === process.pid) throw new DataDirInUseError(dataDir, holder);
    if (holder && processAlive(holder.pid)) throw new DataDirInUseError(dataDir, holder);
    // The holder has gone (killed, or the file is unreadable): take the lock over.
    await rm(file, { force: true });
  }
  throw new Error(`cannot lock data dir ${dataDir} (${file} keeps changing)`);
}
