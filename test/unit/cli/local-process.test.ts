/**
 * The local runtime's heap limit is given wherever the runtime is started from the command line, with the
 * value local/heap-limit.ts documents: the `tipline` bin (its shebang) and the npm scripts that run it.
 */
import { readFileSync } from 'node:fs';
import { LOCAL_HEAP_FLAG } from '../../../local/heap-limit.js';

const root = new URL('../../../', import.meta.url);
const read = (file: string): string => readFileSync(new URL(file, root), 'utf-8');

test('bin/tipline.js starts node with the limit', () => {
  expect(read('bin/tipline.js').split('\n')[0]).toBe(`#!/usr/bin/env -S node ${LOCAL_HEAP_FLAG}`);
});

test('every npm script that runs bin/tipline.js gives the limit', () => {
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
  const running = Object.entries(scripts).filter(([, command]) => command.includes('bin/tipline.js'));
  expect(running.map(([name]) => name)).toEqual(expect.arrayContaining(['start', 'tipline']));
  for (const [name, command] of running) expect([name, command]).toEqual([name, expect.stringContaining(`node ${LOCAL_HEAP_FLAG} bin/tipline.js`)]);
});
