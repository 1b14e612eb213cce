import { resolve } from 'node:path';
import { fileSources, loadConfigFile } from '../config/file';
import { buildConfig } from '../config/load';
import type { Config } from '../config/types';
import type { ActionInputs } from './inputs';

/** The YAML file (when given) with the action's inputs on top. */
export function configFromInputs(inputs: ActionInputs, env: NodeJS.ProcessEnv = process.env): Config {
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  if (inputs.configFile) return loadConfigFile(resolve(workspace, inputs.configFile), inputs.overrides, env, { destination: inputs.destination });
  return buildConfig(inputs.overrides, fileSources(workspace, env));
}
