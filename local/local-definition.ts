/**
 * The state machine definition as the stack deploys it — the synthesized DefinitionString with its ARNs
 * resolved to local ones — and, for each Task state, the handler module of the Lambda it invokes (named
 * in the function's template metadata).
 */
import type { CfnResolver } from './cfn.js';
import { HANDLER_METADATA_KEY } from '../infra/handler-metadata.js';

export interface AslState {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number;
  Retry?: { ErrorEquals: string[]; IntervalSeconds?: number }[];
  ItemProcessor?: { States: Record<string, AslState> };
  Iterator?: { States: Record<string, AslState> };
  Branches?: { States: Record<string, AslState> }[];
  [k: string]: unknown;
}
export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
  TimeoutSeconds?: number;
}

export interface TaskBinding {
  stateName: string;
  functionLogicalId: string;
  handlerModule: string; // path relative to the project root, e.g. functions/validate/handler.ts
  timeoutSeconds: number;
  memorySize: number;
  /** The error names of each of the state's retriers, in order. */
  retriers: string[][];
}

export interface LocalDefinition {
  stateMachineLogicalId: string;
  definition: AslDefinition;
  definitionString: string;
  tasks: Map<string, TaskBinding>;
  /** Every state name with its type, nested states included. */
  stateTypes: Map<string, string>;
  /** Every state name with the Map state whose iterations run it (null at the top level, or in a Parallel outside any Map). */
  stateMaps: Record<string, string | null>;
}

export function localDefinition(resolver: CfnResolver): LocalDefinition {
  const machines = resolver.resourcesOfType('AWS::StepFunctions::StateMachine');
  if (machines.length !== 1) throw new Error(`expected one state machine in the template, found ${machines.length}`);
  const [stateMachineLogicalId, machine] = machines[0]!;
  const definitionString = String(resolver.resolve(machine.Properties?.DefinitionString));
  const definition = JSON.parse(definitionString) as AslDefinition;

  const functionsByArn = new Map(resolver.resourcesOfType('AWS::Lambda::Function').map(([id, fn]) => [resolver.arn(id), { id, fn }]));
  const tasks = new Map<string, TaskBinding>();
  const stateTypes = new Map<string, string>();
  const stateMaps: Record<string, string | null> = {};
  const walk = (states: Record<string, AslState>, inMap: string | null = null) => {
    for (const [name, state] of Object.entries(states)) {
      stateTypes.set(name, state.Type);
      stateMaps[name] = inMap;
      if (state.Type === 'Task') {
        const target = functionsByArn.get(String(state.Resource));
        if (!target) throw new Error(`Task state ${name} invokes ${state.Resource}, which is not a function of this stack`);
        const handlerModule = target.fn.Metadata?.[HANDLER_METADATA_KEY];
        if (typeof handlerModule !== 'string') throw new Error(`function ${target.id} has no ${HANDLER_METADATA_KEY} metadata`);
        tasks.set(name, {
          stateName: name,
          functionLogicalId: target.id,
          handlerModule,
          timeoutSeconds: Number(target.fn.Properties?.Timeout ?? 3),
          memorySize: Number(target.fn.Properties?.MemorySize ?? 128),
          retriers: (state.Retry ?? []).map((r) => r.ErrorEquals),
        });
      }
      const nested = state.ItemProcessor ?? state.Iterator;
      if (nested) walk(nested.States, name);
      for (const branch of state.Branches ?? []) walk(branch.States, inMap);
    }
  };
  walk(definition.States);
  return { stateMachineLogicalId, definition, definitionString, tasks, stateTypes, stateMaps };
}
