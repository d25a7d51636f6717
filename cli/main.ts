/**
 * The `tipline` command (docs/design.md §7). Every command takes --json and --data-dir (default .tipline).
 * Each command's module is imported when that command runs: `tipline run` does not load the admin page,
 * the Step Functions client or the generator, and `tipline --help` loads none of them.
 */
import { parseArgs } from 'node:util';
import { progress } from './output.js';
import { DEFAULT_DATA_DIR } from '../local/paths.js';

const USAGE = `tipline — routes CyberTipline batches to Madhya Pradesh districts (local runtime)

  tipline run FILE|DIR...            process files through the local workflow
  tipline cases --batch ID [--district NAME]
  tipline runs [show ID]             list runs / one run's timeline
  tipline rejected --batch ID        rejected records (identifiers masked)
  tipline serve                      emulators + bucket watch + admin page
  tipline drop FILE                  put a file into the running serve's bucket
  tipline generate --reports N --seed S --format json|jsonl|xml|csv --out FILE

Options: --json (machine output)  --data-dir DIR (default ${DEFAULT_DATA_DIR})`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
      batch: { type: 'string' },
      district: { type: 'string' },
      reports: { type: 'string' },
      seed: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      aws: { type: 'boolean', default: false },
      'stack-outputs': { type: 'string' },
      'state-machine-arn': { type: 'string' },
      'batches-table': { type: 'string' },
      'work-bucket': { type: 'string' },
      region: { type: 'string' },
      limit: { type: 'string' },
      reveal: { type: 'boolean', default: false },
      port: { type: 'string' },
    },
  });
  const [command, ...rest] = positionals;
  const common = { json: values.json ?? false, dataDir: values['data-dir'] ?? DEFAULT_DATA_DIR };
  if (values.help || !command) {
    progress(USAGE);
    return command ? 0 : 2;
  }
  switch (command) {
    case 'run': {
      const { runCommand } = await import('./commands/run.js');
      return runCommand(rest, common);
    }
    case 'cases': {
      const { casesCommand } = await import('./commands/cases.js');
      return casesCommand({ ...common, batch: values.batch, district: values.district });
    }
    case 'generate': {
      const { generateCommand } = await import('./commands/generate.js');
      return generateCommand({ json: common.json, reports: values.reports, seed: values.seed, format: values.format, out: values.out });
    }
    case 'runs':
    case 'rejected': {
      const runsOpts = {
        ...common,
        aws: values.aws,
        stackOutputs: values['stack-outputs'],
        stateMachineArn: values['state-machine-arn'],
        batchesTable: values['batches-table'],
        workBucket: values['work-bucket'],
        region: values.region,
        limit: values.limit ? Number(values.limit) : undefined,
      };
      if (command === 'runs') {
        const { runsCommand } = await import('./commands/runs.js');
        return runsCommand(rest, runsOpts);
      }
      const { rejectedCommand } = await import('./commands/rejected.js');
      return rejectedCommand({ ...runsOpts, batch: values.batch, reveal: values.reveal });
    }
    case 'serve': {
      const { serveCommand } = await import('./commands/serve.js');
      return serveCommand({ ...common, port: values.port ? Number(values.port) : undefined });
    }
    case 'drop': {
      const { dropCommand } = await import('./commands/drop.js');
      return dropCommand(rest, common);
    }
    default:
      progress(`unknown command: ${command}\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    progress(`tipline: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
