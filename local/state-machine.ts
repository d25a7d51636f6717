/**
 * The aws-local-stepfunctions StateMachine for the synthesized definition, built once per definition and
 * reused by every execution. Building one validates the definition with asl-validator, whose ajv compiles
 * the ASL schemas afresh on each call: about a second of CPU, which was most of the time between the
 * emulators being ready and the first state. The verdict depends only on the definition and the installed
 * packages, so a definition that passed is recorded in CACHE_DIR under the hash of the definition, the
 * validation options and package-lock.json; a later start finds the record and builds the machine without
 * validating again. A definition not recorded is validated as before, and one that fails is never recorded.
 */
import './polyfills.js';
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { StateMachine } from 'aws-local-stepfunctions';
import type { LocalDefinition } from './local-definition.js';
import { CACHE_DIR, PROJECT_ROOT } from './paths.js';

const VALIDATION = { checkPaths: true, checkArn: true } as const;

async function validatedMarker(local: LocalDefinition): Promise<string> {
  const lock = await readFile(path.join(PROJECT_ROOT, 'package-lock.json')).catch(() => Buffer.alloc(0));
  const key = createHash('sha256').update(local.definitionString).update(JSON.stringify(VALIDATION)).update(lock).digest('hex');
  return path.join(CACHE_DIR, `asl-valid-${key.slice(0, 32)}`);
}

async function build(local: LocalDefinition): Promise<StateMachine> {
  const marker = await validatedMarker(local);
  const known = await stat(marker).then(() => true, () => false);
  // Throws, as it always did, when the definition is invalid.
  const machine = new StateMachine(local.definition as never, { validationOptions: known ? { noValidate: true } : VALIDATION });
  if (!known) await mkdir(CACHE_DIR, { recursive: true }).then(() => writeFile(marker, `${new Date().toISOString()}\n`)).catch(() => undefined);
  return machine;
}

const machines = new WeakMap<LocalDefinition, Promise<StateMachine>>();

/** The (validated) state machine for this definition; the first call builds it, later calls share it. */
export function stateMachineFor(local: LocalDefinition): Promise<StateMachine> {
  let machine = machines.get(local);
  if (!machine) {
    machine = build(local);
    machines.set(local, machine);
  }
  return machine;
}
