import { parseCommandLine, UsageError, type CommandTable } from '../../../cli/command-line.js';

const ran: unknown[] = [];
const table: CommandTable = {
  serve: {
    usage: 'serve [--port N]',
    summary: 'keep things up',
    description: 'Longer words.',
    options: { port: { type: 'string', value: 'N', help: 'the port' } },
    run: async (a) => {
      ran.push({ port: a.integer('port'), common: a.common, positionals: a.positionals });
      return 0;
    },
  },
  drop: { usage: 'drop FILE...', summary: 'drop files', run: async () => 0 },
};
const parse = (...argv: string[]) => parseCommandLine(argv, table, { title: 'tipline — test', defaultDataDir: '.tipline' });

test('--help and help list every command and exit 0; a bare command line is a usage error', () => {
  for (const argv of [['--help'], ['-h'], ['help']]) {
    const r = parse(...argv);
    expect(r).toMatchObject({ kind: 'help', code: 0 });
    if (r.kind !== 'help') throw new Error('expected help');
    expect(r.text).toContain('tipline serve [--port N]');
    expect(r.text).toContain('tipline drop FILE...');
    expect(r.text).toContain('--data-dir DIR');
  }
  expect(parse()).toMatchObject({ kind: 'help', code: 2 });
  expect(parse('nope')).toMatchObject({ kind: 'help', code: 2, text: expect.stringContaining('unknown command: nope') });
});

test("each command's help names its own options, the common ones, and its description", () => {
  for (const argv of [['serve', '--help'], ['help', 'serve'], ['serve', '-h', '--port', '9']]) {
    const r = parse(...argv);
    expect(r).toMatchObject({ kind: 'help', code: 0 });
    if (r.kind !== 'help') throw new Error('expected help');
    expect(r.text).toMatch(/^usage: tipline serve \[--port N\]/);
    expect(r.text).toMatch(/--port N\s+the port/);
    expect(r.text).toContain('Longer words.');
    expect(r.text).toContain('--json');
  }
  const drop = parse('drop', '--help');
  expect(drop.kind === 'help' && drop.text).not.toContain('--port');
});

test("options are the command's own: an unknown one is a usage error naming it and showing the help", () => {
  expect(() => parse('drop', '--port', '1')).toThrow(UsageError);
  expect(() => parse('drop', '--port', '1')).toThrow(/unknown option --port for tipline drop[\s\S]*usage: tipline drop/);
  expect(() => parse('serve', '--port', 'x1')).not.toThrow();
});

test('a run gets typed values, the common options and its positionals', async () => {
  const r = parse('--json', 'serve', 'extra', '--port', '8_642', '--data-dir', '/tmp/x');
  if (r.kind !== 'run') throw new Error('expected a run');
  await r.spec.run(r.args);
  expect(ran.pop()).toEqual({ port: 8642, common: { json: true, dataDir: '/tmp/x' }, positionals: ['extra'] });
  const bad = parse('serve', '--port', 'eighty');
  if (bad.kind !== 'run') throw new Error('expected a run');
  await expect(bad.spec.run(bad.args)).rejects.toThrow('--port must be a whole number, got "eighty"');
});
