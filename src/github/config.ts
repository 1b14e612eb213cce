import { resolve } from 'node:path';
import { fileSources, loadConfigFile } from '../config/file';
import { buildConfig } from '../config/load';
import type { Config } from '../config/types';
import type { ActionInputs } from './inputs';
import { RollwatchError } from '../errors';

/** The YAML file (when given) with the action's inputs on top; an error in a value an input gave names that input. */
export function configFromInputs(inputs: ActionInputs, env: NodeJS.ProcessEnv = process.env): Config {
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  try {
    if (inputs.configFile) return loadConfigFile(resolve(workspace, inputs.configFile), inputs.overrides, env, { destination: inputs.destination });
    return buildConfig(inputs.overrides, fileSources(workspace, env));
  } catch (err) {
    throw err instanceof RollwatchError && err.kind === 'input' ? nameInputs(err, inputs.inputFields) : err;
  }
}

/** "hosts[1].address" → "hosts input (entry 2)", "container.port" → "port input": the input, when the field is one an input set. */
export function inputLabel(field: string, inputFields: Record<string, string>): string | null {
  let best: string | null = null;
  for (const path of Object.keys(inputFields)) {
    if ((field === path || field.startsWith(`${path}.`) || field.startsWith(`${path}[`)) && (best === null || path.length > best.length)) best = path;
  }
  if (best === null) return null;
  const entry = /^\[(\d+)\]/.exec(field.slice(best.length));
  return `${inputFields[best]} input${entry ? ` (entry ${Number(entry[1]) + 1})` : ''}`;
}

const FIELD_AT_LINE_START = /^([A-Za-z_][\w-]*(?:\.[\w-]+|\[\d+\])*): /gm;

function nameInputs(err: RollwatchError, inputFields: Record<string, string>): RollwatchError {
  const message = err.message.replace(FIELD_AT_LINE_START, (whole, field: string) => {
    const label = inputLabel(field, inputFields);
    return label ? `${label}: ` : whole;
  });
  if (message === err.message) return err;
  const renamed = new RollwatchError(err.kind, message, undefined, err.hint);
  renamed.stack = err.stack;
  return renamed;
}
