/** Output helpers: machine output on stdout, human progress on stderr (so --json stays parseable). */
export const print = (text: string): void => void process.stdout.write(`${text}\n`);
export const progress = (text: string): void => void process.stderr.write(`${text}\n`);
export const printJson = (value: unknown): void => print(JSON.stringify(value));
