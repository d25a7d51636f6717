/**
 * TIPLINE_FAULTS: which faults the local runtime injects, and how often (issue 10).
 * `state:<StateName>=<rate>` makes a Task state throw a transient, named error before its handler runs;
 * `s3=<rate>`, `dynamodb=<rate>`, `ses=<rate>` make a loopback proxy in front of that emulator answer that
 * fraction of requests with the service's own throttling / 5xx error. Rates are in [0, 1].
 * `ses-reject=<rate>` makes the SES proxy refuse that fraction of sends with `MessageRejected`, as SES does
 * for an unverified address or in the sandbox (not retryable: the message is recorded as unsent).
 * Example: `state:Enrich=0.3,state:Notify=0.5,dynamodb=0.2,s3=0.1,ses=0.3,ses-reject=0.5`.
 */
export const FAULT_SERVICES = ['s3', 'dynamodb', 'ses'] as const;
export type FaultService = (typeof FAULT_SERVICES)[number];

export interface FaultSpec {
  states: Map<string, number>;
  services: Map<FaultService, number>;
  /** Fraction of SES sends refused with MessageRejected. */
  sesReject: number;
}

export class FaultSpecError extends Error {
  override readonly name = 'FaultSpecError';
}

const STATE_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const RATE = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

export function parseFaults(spec: string | undefined): FaultSpec {
  const faults: FaultSpec = { states: new Map(), services: new Map(), sesReject: 0 };
  let sesRejectGiven = false;
  if (!spec || !spec.trim()) return faults;
  for (const raw of spec.split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const eq = entry.lastIndexOf('=');
    const bad = (why: string) => new FaultSpecError(`TIPLINE_FAULTS: "${entry}": ${why} (expected e.g. "state:Enrich=0.3,dynamodb=0.2,s3=0.1,ses=0.3")`);
    if (eq <= 0) throw bad('missing "=<rate>"');
    const target = entry.slice(0, eq).trim();
    const rateText = entry.slice(eq + 1).trim();
    const rate = Number(rateText);
    if (!RATE.test(rateText) || !Number.isFinite(rate) || rate < 0 || rate > 1) throw bad(`rate "${rateText}" is not a number from 0 to 1`);
    if (target.startsWith('state:')) {
      const state = target.slice('state:'.length).trim();
      if (!STATE_NAME.test(state)) throw bad(`"${state}" is not a state name`);
      if (faults.states.has(state)) throw bad(`state ${state} is given twice`);
      faults.states.set(state, rate);
    } else if (target.toLowerCase() === 'ses-reject') {
      if (sesRejectGiven) throw bad('ses-reject is given twice');
      sesRejectGiven = true;
      faults.sesReject = rate;
    } else if ((FAULT_SERVICES as readonly string[]).includes(target.toLowerCase())) {
      const service = target.toLowerCase() as FaultService;
      if (faults.services.has(service)) throw bad(`service ${service} is given twice`);
      faults.services.set(service, rate);
    } else {
      throw bad(`unknown fault target "${target}" (use state:<StateName>, s3, dynamodb, ses or ses-reject)`);
    }
  }
  return faults;
}

/** True when the spec injects nothing. */
export function noFaults(spec: FaultSpec): boolean {
  return [...spec.states.values(), ...spec.services.values(), spec.sesReject].every((r) => r === 0);
}
