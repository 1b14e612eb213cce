#!/usr/bin/env node
'use strict';
// The rollwatch CLI (package.json `bin`): the action's bundle, ../index.js, told that it runs as the CLI.
globalThis[Symbol.for('rollwatch.role')] = 'cli';
require('../index.js');
