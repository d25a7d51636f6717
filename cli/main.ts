/**
 * The `tipline` command (docs/design.md §7). One entry per command below: its usage, help and options
 * next to the code that runs it — `tipline --help`, `tipline help COMMAND` and `tipline COMMAND --help`
 * come from these entries (cli/command-line.ts). Every command also takes --json and --data-dir (default
 * .tipline). Each command's module is imported when that command runs: `tipline run` does not load the
 * admin page, the Step Functions client or the generator, and `tipline --help` loads none of them.
 */
import { exitAfterOutput, progress } from './output.js';
import { DEFAULT_DATA_DIR } from '../local/paths.js';
import { parseCommandLine, type CommandArgs, type CommandTable, type OptionSpec } from './command-line.js';

const TITLE = 'tipline — routes CyberTipline batches to Madhya Pradesh districts (local runtime)';

/** Where `runs` and `rejected` read a deployed stack from. */
const AWS_OPTIONS: Record<string, OptionSpec> = {
  aws: { type: 'boolean', help: "read a deployed stack's Step Functions history and batch table instead of the local data dir" },
  'stack-outputs': { type: 'string', value: 'FILE', help: 'cdk deploy --outputs-file JSON naming the state machine, table and bucket' },
  'state-machine-arn': { type: 'string', value: 'ARN', help: 'the state machine (instead of --stack-outputs)' },
  'batches-table': { type: 'string', value: 'NAME', help: 'the batches table' },
  'work-bucket': { type: 'string', value: 'NAME', help: 'the work bucket (for rejected records and cases)' },
  region: { type: 'string', value: 'REGION', help: 'AWS region: ap-south-1, the only one the stack deploys to (any other is refused)' },
};

/** Options of the lifecycle commands (cli/commands/lifecycle.ts). */
const LIFECYCLE_OPTIONS: Record<string, OptionSpec> = {
  as: { type: 'string', value: 'ROLE', help: 'hq, auditor or district:<Name> (required to change a case; reads default to auditor)' },
  note: { type: 'string', value: 'TEXT', help: "an officer's note, kept in the case's history (never logged or mailed)" },
};

async function lifecycle(command: string, a: CommandArgs): Promise<number> {
  const { lifecycleCommand } = await import('./commands/lifecycle.js');
  const s = (k: string) => a.string(k);
  return lifecycleCommand(command, a.positionals, {
    ...a.common,
    as: s('as'), batch: s('batch'), district: s('district'), promote: a.flag('promote'), drop: s('drop'), note: s('note'),
    status: s('status'), outcome: s('outcome'), fir: s('fir'), ifVersion: s('if-version'), transferTo: s('transfer-to'), now: s('now'),
  });
}

const awsOptions = (a: CommandArgs) => ({
  ...a.common,
  aws: a.flag('aws'),
  stackOutputs: a.string('stack-outputs'),
  stateMachineArn: a.string('state-machine-arn'),
  batchesTable: a.string('batches-table'),
  workBucket: a.string('work-bucket'),
  recipientsTable: a.string('recipients-table'),
  region: a.string('region'),
});

const COMMANDS: CommandTable = {
  run: {
    usage: 'run FILE|DIR...',
    summary: 'process files through the local workflow; exit 0 only if every execution succeeded',
    description: 'Starts the emulators and the state machine in the data dir, uploads each file under incoming/ and waits\nfor its execution. A file already processed is reported as such (alreadyProcessed in --json), not run again.',
    run: async (a) => {
      const { runCommand } = await import('./commands/run.js');
      return runCommand(a.positionals, a.common);
    },
  },
  cases: {
    usage: 'cases --batch ID [--district NAME]',
    summary: "a batch's cases: report IDs, district, priority (with reasons), disposition",
    options: {
      batch: { type: 'string', value: 'ID', help: 'the batch (tipline runs lists batch IDs)' },
      district: { type: 'string', value: 'NAME', help: "only this district's cases" },
      ...AWS_OPTIONS,
    },
    run: async (a) => {
      const { casesCommand } = await import('./commands/cases.js');
      return casesCommand({ ...awsOptions(a), batch: a.string('batch'), district: a.string('district') });
    },
  },
  recipients: {
    usage: 'recipients [--history] | recipients load FILE [--changed-by NAME]',
    summary: "the stored recipient directory (who gets each district's digest); load FILE stores the next version",
    description: 'load checks FILE first: a JSON object with hq and all 55 districts, each with a valid address (and, on a\nproduction stack, none on a reserved domain such as .example). Versions are kept with who loaded them and when.',
    options: {
      history: { type: 'boolean', help: 'every version, newest first' },
      'changed-by': { type: 'string', value: 'NAME', help: 'recorded as who loaded it (default user@host; CloudTrail records the AWS principal)' },
      'recipients-table': { type: 'string', value: 'NAME', help: 'the directory table (instead of --stack-outputs)' },
      ...AWS_OPTIONS,
    },
    run: async (a) => {
      const { recipientsCommand } = await import('./commands/recipients.js');
      return recipientsCommand(a.positionals, { ...awsOptions(a), history: a.flag('history'), changedBy: a.string('changed-by') });
    },
  },
  runs: {
    usage: 'runs [show ID] [--status S] [--since DATE] [--until DATE] [--file TEXT]',
    summary: "runs newest first (with duplicates), or one run's states with their input and output",
    description: 'ID is an execution name or a batch ID. A run still in progress shows its states so far; a failed run\nnames the later run that succeeded for the same file. Times in UTC with IST beside them.',
    options: {
      limit: { type: 'string', value: 'N', help: 'at most N runs (default 100)' },
      status: { type: 'string', value: 'S', help: 'only runs with this status: RUNNING, SUCCEEDED or FAILED' },
      since: { type: 'string', value: 'DATE', help: 'only runs started at or after DATE (2026-12-03, or an ISO time)' },
      until: { type: 'string', value: 'DATE', help: 'only runs started on or before DATE' },
      file: { type: 'string', value: 'TEXT', help: "only runs whose file's key contains TEXT" },
      ...AWS_OPTIONS,
    },
    run: async (a) => {
      const { runsCommand } = await import('./commands/runs.js');
      return runsCommand(a.positionals, { ...awsOptions(a), limit: a.integer('limit'), filter: { status: a.string('status'), since: a.string('since'), until: a.string('until'), file: a.string('file') } });
    },
  },
  rejected: {
    usage: 'rejected --batch ID [--reveal]',
    summary: 'rejected records with position and every error, identifiers masked',
    options: {
      batch: { type: 'string', value: 'ID', help: 'the batch' },
      reveal: { type: 'boolean', help: 'print identifiers unmasked (do not paste the output anywhere)' },
      ...AWS_OPTIONS,
    },
    run: async (a) => {
      const { rejectedCommand } = await import('./commands/rejected.js');
      return rejectedCommand({ ...awsOptions(a), batch: a.string('batch'), reveal: a.flag('reveal') });
    },
  },
  resend: {
    usage: 'resend --batch ID',
    summary: "send the batch's messages SES refused, once each (exit 1 while some are still refused)",
    description: 'Refused messages (MessageRejected, an unverified sender, …) are kept with their reason; the run still\nsucceeds and counts them in emailsUnsent. Each goes once, marked as delayed. --aws: a deployed stack, by its outputs.',
    options: {
      batch: { type: 'string', value: 'ID', help: 'the batch' },
      ...AWS_OPTIONS,
    },
    run: async (a) => {
      const { resendCommand } = await import('./commands/resend.js');
      return resendCommand({ ...awsOptions(a), batch: a.string('batch') });
    },
  },
  serve: {
    usage: 'serve [--port N]',
    summary: 'keep the emulators, the bucket watch, the admin page and the district portal up until Ctrl-C',
    description: 'A file put under incoming/ in the local ingest bucket (tipline drop FILE, or any S3 client) starts a run.',
    options: {
      port: { type: 'string', value: 'N', help: 'admin page port on 127.0.0.1 (default 8642; 0 picks a free one)' },
      'portal-port': { type: 'string', value: 'N', help: 'district portal port on 127.0.0.1 (default 8643; emails link to it)' },
    },
    run: async (a) => {
      const { serveCommand } = await import('./commands/serve.js');
      return serveCommand({ ...a.common, port: a.integer('port'), portalPort: a.integer('portal-port') });
    },
  },
  drop: {
    usage: 'drop FILE...',
    summary: "put files into the running serve's bucket and wait for their runs",
    description: 'A file the serve has already processed is reported at once (alreadyProcessed, and the run that holds it).',
    run: async (a) => {
      const { dropCommand } = await import('./commands/drop.js');
      return dropCommand(a.positionals, a.common);
    },
  },
  review: {
    usage: 'review [--batch ID] | review decide CASE (--promote [--district NAME] | --drop OUTCOME) --as hq [--note TEXT]',
    summary: "HQ's review queue, oldest first; or decide one case (promote to a district, or drop)",
    description: 'Runs the case API\'s own handler on the local runtime as --as ROLE (reads default to auditor).\nA refused request exits 1 and says why; nothing changes.',
    options: { ...LIFECYCLE_OPTIONS, batch: { type: 'string', value: 'ID', help: 'only this batch' }, district: { type: 'string', value: 'NAME', help: 'promote to this district (default: where Classify placed it)' }, promote: { type: 'boolean', help: 'promote the case to a district' }, drop: { type: 'string', value: 'OUTCOME', help: 'drop it as not-csam or suspect-not-identified' } },
    run: (a) => lifecycle('review', a),
  },
  case: {
    usage: 'case show CASE | case update CASE --status S [--outcome O] [--fir N] [--note T] [--if-version N] --as ROLE | case transfer CASE --transfer-to NAME --as ROLE',
    summary: 'one case with its history; change its status; ask HQ for a transfer',
    description: 'Statuses: assigned → acknowledged → investigating → closed (closing needs --outcome: arrested, fir-registered,\nnot-csam, suspect-not-identified, transferred). HQ reassigns with --status assigned --transfer-to DISTRICT,\nand closes an out-of-state case (status out-of-state) with --status closed --outcome transferred [--transfer-to STATE].\nA refused request (role not allowed, stale version, transition not allowed) exits 1; nothing changes.',
    options: { ...LIFECYCLE_OPTIONS, status: { type: 'string', value: 'S', help: 'acknowledged, investigating, closed (HQ also assigned)' }, outcome: { type: 'string', value: 'O', help: 'the outcome when closing' }, fir: { type: 'string', value: 'NUMBER', help: 'FIR number' }, 'if-version': { type: 'string', value: 'N', help: 'refuse if the case is no longer at version N' }, 'transfer-to': { type: 'string', value: 'NAME', help: 'district (reassign, transfer request) or state (closing as transferred)' } },
    run: (a) => lifecycle('case', a),
  },
  digest: {
    usage: 'digest [--now ISO]',
    summary: "the daily digest: mail districts their promoted and overdue cases, HQ the overdue list",
    description: 'What EventBridge Scheduler runs at 09:00 IST on AWS. --now runs it as of that time (e.g. to see tomorrow\'s reminders).',
    options: { now: { type: 'string', value: 'ISO', help: 'the time to run as (default now)' } },
    run: (a) => lifecycle('digest', a),
  },
  districts: {
    usage: 'districts [--as ROLE]',
    summary: 'the case funnel per district, from its counters',
    options: { as: LIFECYCLE_OPTIONS.as! },
    run: (a) => lifecycle('districts', a),
  },
  token: {
    usage: 'token --as ROLE',
    summary: 'print a local sign-in token for scripts (hq, auditor, district:<District>)',
    description: 'Signed with the data dir\'s key (created on first use), which `tipline serve` of the same data dir accepts:\ncurl -H "Authorization: Bearer $(tipline token --as district:Indore)" http://127.0.0.1:8643/api/cases',
    options: {
      as: { type: 'string', value: 'ROLE', help: 'hq, auditor or district:<District>' },
    },
    run: async (a) => {
      const { tokenCommand } = await import('./commands/token.js');
      return tokenCommand({ ...a.common, as: a.string('as') });
    },
  },
  audit: {
    usage: 'audit [--district NAME] [--since DATE] [--limit N]',
    summary: 'who read a case or downloaded a file through the portal API, allowed or refused, newest first',
    description: 'Through a running serve when there is one, else from the data dir; --aws reads a deployed stack\'s audit table.',
    options: {
      district: { type: 'string', value: 'NAME', help: "only events about this district's data or by its officers" },
      since: { type: 'string', value: 'DATE', help: 'from this date or ISO time (default: 30 days ago)' },
      limit: { type: 'string', value: 'N', help: 'at most N events' },
      aws: { type: 'boolean', help: "read a deployed stack's audit table" },
      'stack-outputs': { type: 'string', value: 'FILE', help: 'cdk deploy --outputs-file JSON naming AuditTableName' },
      'audit-table': { type: 'string', value: 'NAME', help: 'the audit table (instead of --stack-outputs)' },
      region: { type: 'string', value: 'REGION', help: 'AWS region (default: the SDK chain)' },
    },
    run: async (a) => {
      const { auditCommand } = await import('./commands/audit.js');
      return auditCommand({
        ...a.common,
        district: a.string('district'),
        since: a.string('since'),
        limit: a.integer('limit'),
        aws: a.flag('aws'),
        auditTable: a.string('audit-table'),
        stackOutputs: a.string('stack-outputs'),
        region: a.string('region'),
      });
    },
  },
  generate: {
    usage: 'generate --reports N [--seed S] [--first-id ID] [--format json|jsonl|xml|csv] --out FILE[.gz]',
    summary: 'write a realistic synthetic batch',
    description: 'The same arguments always give the same bytes. Report IDs start at --first-id, by default one derived\nfrom the seed, so batches of different seeds share no report ID.',
    options: {
      reports: { type: 'string', value: 'N', help: 'how many reports' },
      seed: { type: 'string', value: 'S', help: 'random seed (default 1)' },
      'first-id': { type: 'string', value: 'ID', help: 'the first report ID (default: derived from the seed)' },
      format: { type: 'string', value: 'F', help: "json, jsonl, xml or csv (default: FILE's extension)" },
      out: { type: 'string', value: 'FILE', help: 'where to write (gzip when it ends in .gz)' },
    },
    run: async (a) => {
      const { generateCommand } = await import('./commands/generate.js');
      return generateCommand({ json: a.common.json, reports: a.string('reports'), seed: a.string('seed'), firstId: a.string('first-id'), format: a.string('format'), out: a.string('out') });
    },
  },
};

async function main(argv: string[]): Promise<number> {
  const invocation = parseCommandLine(argv, COMMANDS, { title: TITLE, defaultDataDir: DEFAULT_DATA_DIR });
  if (invocation.kind === 'help') {
    // Asked-for help goes to stdout; help shown because of a mistake goes to stderr.
    (invocation.code === 0 ? process.stdout : process.stderr).write(`${invocation.text}\n`);
    return invocation.code;
  }
  return invocation.spec.run(invocation.args);
}

// Exit only once stdout and stderr are flushed: a pipe takes output at the reader's pace (cli/output.ts).
main(process.argv.slice(2)).then(
  (code) => exitAfterOutput(code),
  (err: unknown) => {
    progress(`tipline: ${err instanceof Error ? err.message : String(err)}`);
    return exitAfterOutput(2);
  },
);
