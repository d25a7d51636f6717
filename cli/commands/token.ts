/**
 * `tipline token --as ROLE`: a local sign-in token for scripts (curl -H "Authorization: Bearer $(tipline token
 * --as district:Indore)"), signed with the data dir's key, which `tipline serve` of the same data dir accepts.
 */
import { issueLocalToken } from '../../local/auth/local-tokens.js';
import { print, printJson } from '../output.js';

export async function tokenCommand(opts: { as?: string; json: boolean; dataDir: string }): Promise<number> {
  if (!opts.as) throw new Error('usage: tipline token --as hq|auditor|district:<District> [--json]');
  const token = await issueLocalToken(opts.dataDir, opts.as);
  if (opts.json) printJson(token);
  else print(token.token);
  return 0;
}
