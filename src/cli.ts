#!/usr/bin/env node
import { EXIT, errorMessage } from './errors';
import { main } from './cli/main';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`rollwatch: internal error: ${errorMessage(err)}\n`);
    process.exit(EXIT.failed);
  },
);
