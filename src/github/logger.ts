import * as core from '@actions/core';
import type { Logger } from '../util/log';

/** Log lines in the run log; phases become collapsible groups. */
export const actionLogger: Logger = {
  info: (m) => core.info(m),
  warn: (m) => core.warning(m),
  error: (m) => core.error(m),
  debug: (m) => core.debug(m),
  group: (name, fn) => core.group(name, fn),
};
