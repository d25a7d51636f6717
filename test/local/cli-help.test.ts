/** The real `tipline` binary's help, as a user meets it. */
import { tipline } from '../support/cli.js';

test('tipline --help and tipline help exit 0 and list every command', async () => {
  for (const args of [['--help'], ['help']]) {
    const r = await tipline(args);
    expect(r.code).toBe(0);
    for (const command of ['run', 'cases', 'runs', 'rejected', 'serve', 'drop', 'generate']) expect(r.stdout).toContain(`tipline ${command}`);
  }
});

test('tipline serve --help names --port; tipline generate --help names --first-id', async () => {
  const serve = await tipline(['serve', '--help']);
  expect(serve.code).toBe(0);
  expect(serve.stdout).toMatch(/--port N/);
  const generate = await tipline(['help', 'generate']);
  expect(generate.code).toBe(0);
  expect(generate.stdout).toMatch(/--first-id ID/);
});
