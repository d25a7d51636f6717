/**
 * The local runtime's process settings are given wherever the runtime is started from the command line, with
 * the values local/heap-limit.ts and local/threadpool-size.ts document: the `tipline` bin (its shebang) and
 * the npm scripts that run it.
 */
import { readFileSync } from 'node:fs';
import { LOCAL_HEAP_FLAG } from '../../../local/heap-limit.js';
import { LOCAL_THREADPOOL_ENV } from '../../../local/threadpool-size.js';

const root = new URL('../../../', import.meta.url);
const read = (file: string): string => readFileSync(new URL(file, root), 'utf-8');
const launch = `${LOCAL_THREADPOOL_ENV} node ${LOCAL_HEAP_FLAG}`;

test('bin/tipline.js starts node with the thread pool size and the heap limit', () => {
  expect(read('bin/tipline.js').split('\n')[0]).toBe(`#!/usr/bin/env -S ${launch}`);
});

test('every npm script that runs bin/tipline.js gives them too', () => {
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
  const running = Object.entries(scripts).filter(([, command]) => command.includes('bin/tipline.js'));
  expect(running.map(([name]) => name)).toEqual(expect.arrayContaining(['start', 'tipline']));
  for (const [name, command] of running) expect([name, command]).toEqual([name, expect.stringContaining(`${launch} bin/tipline.js`)]);
});
