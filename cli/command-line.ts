/**
 * The `tipline` command line: one table of commands (cli/main.ts), each entry carrying its usage, its
 * help and its own options next to the code that runs it. From that table come `tipline --help`,
 * `tipline help [COMMAND]`, `tipline COMMAND --help`, and strict parsing (an unknown option is an error
 * that names the command's help). Pure apart from what a command's `run` does.
 */
import { parseArgs } from 'node:util';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** What the value is called in help (`--port N`); string options only. */
  value?: string;
  short?: string;
  help: string;
}

export interface CommonOptions {
  json: boolean;
  dataDir: string;
}

/** A command's parsed arguments, with typed accessors (an option's value is checked where it is read). */
export interface CommandArgs {
  positionals: string[];
  common: CommonOptions;
  string(name: string): string | undefined;
  flag(name: string): boolean;
  /** A whole number, or undefined when the option is absent; anything else is an error naming the option. */
  integer(name: string): number | undefined;
}

export interface CommandSpec {
  /** Synopsis after `tipline`, e.g. `serve [--port N]`. */
  usage: string;
  /** One line for the command list. */
  summary: string;
  /** What `tipline COMMAND --help` says beyond the synopsis and the options. */
  description?: string;
  options?: Record<string, OptionSpec>;
  run(args: CommandArgs): Promise<number>;
}

export type CommandTable = Record<string, CommandSpec>;

export class UsageError extends Error {
  override name = 'UsageError';
}

export const commonOptions = (defaultDataDir: string): Record<string, OptionSpec> => ({
  json: { type: 'boolean', help: 'machine output: one JSON value per line on stdout' },
  'data-dir': { type: 'string', value: 'DIR', help: `where the local emulators keep their data (default ${defaultDataDir})` },
  help: { type: 'boolean', short: 'h', help: 'this help' },
});

const optionLines = (options: Record<string, OptionSpec>): string[] => {
  const rows = Object.entries(options).map(([name, o]) => [`${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` ${o.value}` : ''}`, o.help] as const);
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, help]) => `  ${left.padEnd(width)}  ${help}`);
};

/** `tipline --help`: every command's synopsis, and what it does beneath. */
export function formatUsage(title: string, table: CommandTable, common: Record<string, OptionSpec>): string {
  const lines = Object.values(table).flatMap((c) => [`  tipline ${c.usage}`, `      ${c.summary}`]);
  return [title, '', ...lines, '', 'Options of every command:', ...optionLines(common), '', 'tipline help COMMAND (or tipline COMMAND --help) describes one command.'].join('\n');
}

/** `tipline COMMAND --help`: synopsis, description, the command's own options, then the common ones. */
export function formatCommandHelp(name: string, spec: CommandSpec, common: Record<string, OptionSpec>): string {
  const own = spec.options ?? {};
  return [
    `usage: tipline ${spec.usage}`,
    '',
    spec.summary,
    ...(spec.description ? ['', spec.description] : []),
    ...(Object.keys(own).length ? ['', 'Options:', ...optionLines(own)] : []),
    '',
    'Options of every command:',
    ...optionLines(common),
  ].join('\n');
}

/** What the command line asks for: a command's run, or a help text with its exit code. */
export type Invocation = { kind: 'help'; text: string; code: number } | { kind: 'run'; name: string; spec: CommandSpec; args: CommandArgs };

export function parseCommandLine(argv: string[], table: CommandTable, opts: { title: string; defaultDataDir: string }): Invocation {
  const common = commonOptions(opts.defaultDataDir);
  const usage = () => formatUsage(opts.title, table, common);
  const name = argv.find((a) => !a.startsWith('-'));
  if (name === undefined) {
    // `tipline --help` asks for help (exit 0); a bare `tipline` is a usage error (exit 2).
    const asked = argv.includes('--help') || argv.includes('-h');
    return { kind: 'help', text: usage(), code: asked ? 0 : 2 };
  }
  if (name === 'help') {
    const topic = argv.filter((a) => !a.startsWith('-'))[1];
    if (topic === undefined) return { kind: 'help', text: usage(), code: 0 };
    const spec = table[topic];
    if (!spec) return { kind: 'help', text: `unknown command: ${topic}\n\n${usage()}`, code: 2 };
    return { kind: 'help', text: formatCommandHelp(topic, spec, common), code: 0 };
  }
  const spec = table[name];
  if (!spec) return { kind: 'help', text: `unknown command: ${name}\n\n${usage()}`, code: 2 };
  const all = { ...common, ...(spec.options ?? {}) };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv.filter((a, i) => i !== argv.indexOf(name)),
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(Object.entries(all).map(([k, o]) => [k, { type: o.type, ...(o.short && { short: o.short }) }])),
    });
  } catch (err) {
    const message = (err as Error).message;
    const unknown = /Unknown option '([^']+)'/.exec(message)?.[1];
    throw new UsageError(`${unknown ? `unknown option ${unknown} for tipline ${name}` : message.split('. ')[0]}\n\n${formatCommandHelp(name, spec, common)}`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) return { kind: 'help', text: formatCommandHelp(name, spec, common), code: 0 };
  const string = (k: string): string | undefined => {
    const v = values[k];
    return typeof v === 'string' ? v : undefined;
  };
  return {
    kind: 'run',
    name,
    spec,
    args: {
      positionals: parsed.positionals,
      common: { json: values.json === true, dataDir: string('data-dir') ?? opts.defaultDataDir },
      string,
      flag: (k) => values[k] === true,
      integer: (k) => {
        const text = string(k);
        if (text === undefined) return undefined;
        const n = Number(text.replace(/_/g, ''));
        if (!/^\d[\d_]*$/.test(text) || !Number.isSafeInteger(n)) throw new UsageError(`--${k} must be a whole number, got "${text}"`);
        return n;
      },
    },
  };
}
