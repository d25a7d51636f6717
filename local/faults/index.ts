/**
 * Fault injection for the local runtime (issue 10): TIPLINE_FAULTS says what fails and how often,
 * TIPLINE_FAULT_SEED makes the decisions repeatable. State faults throw a TransientError (a name the state
 * machine retries) before the handler runs; service faults come from loopback proxies in front of the
 * emulators (see fault-proxy.ts). Nothing here runs unless TIPLINE_FAULTS is set.
 */
import { TransientError } from '../../shared/errors.js';
import { decider, parseSeed } from './decider.js';
import { noFaults, parseFaults, type FaultService, type FaultSpec } from './parse-faults.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';

export { parseFaults, FaultSpecError, type FaultSpec, type FaultService } from './parse-faults.js';
export { startFaultProxy, serviceError } from './fault-proxy.js';

/** The error a state fault throws: transient and named, so the definition's Retry handles it. */
export class InjectedStateFault extends TransientError {
  constructor(readonly state: string) {
    super(`injected fault before ${state} (TIPLINE_FAULTS)`);
  }
}

export interface Faults {
  spec: FaultSpec;
  /** Throws an InjectedStateFault for the configured fraction of this state's invocations. */
  beforeTask(stateName: string): void;
  /** Service → proxy endpoint to use instead of the emulator's. */
  endpoints: Partial<Record<FaultService, string>>;
  stats(): { states: Record<string, { calls: number; faults: number }>; services: Record<string, { requests: number; faults: number }> };
  stop(): Promise<void>;
}

export async function startFaults(
  env: { TIPLINE_FAULTS?: string; TIPLINE_FAULT_SEED?: string },
  emulatorEndpoints: Record<FaultService, string>,
): Promise<Faults | undefined> {
  const spec = parseFaults(env.TIPLINE_FAULTS);
  if (noFaults(spec)) return undefined;
  const seed = parseSeed(env.TIPLINE_FAULT_SEED);

  const stateDeciders = new Map([...spec.states].map(([state, rate]) => [state, decider(rate, seed, `state:${state}`)]));
  const stateStats: Record<string, { calls: number; faults: number }> = {};
  const proxies: FaultProxy[] = [];
  for (const [service, rate] of spec.services) {
    if (rate <= 0 || service === 'ses') continue;
    proxies.push(await startFaultProxy(service, emulatorEndpoints[service], decider(rate, seed, service)));
  }
  const sesRate = spec.services.get('ses') ?? 0;
  if (sesRate > 0 || spec.sesReject > 0) {
    proxies.push(await startFaultProxy('ses', emulatorEndpoints.ses, decider(sesRate, seed, 'ses'), decider(spec.sesReject, seed, 'ses-reject')));
  }
  return {
    spec,
    beforeTask(stateName: string) {
      const fail = stateDeciders.get(stateName);
      if (!fail) return;
      const s = (stateStats[stateName] ??= { calls: 0, faults: 0 });
      s.calls++;
      if (fail()) {
        s.faults++;
        throw new InjectedStateFault(stateName);
      }
    },
    endpoints: Object.fromEntries(proxies.map((p) => [p.service, p.endpoint])),
    stats: () => ({ states: stateStats, services: Object.fromEntries(proxies.map((p) => [p.service, { ...p.stats }])) }),
    async stop() {
      await Promise.all(proxies.map((p) => p.stop()));
    },
  };
}
