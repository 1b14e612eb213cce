'use strict';
// The action's post step (action.yml `post`): the one bundle, ./index.js, told that it runs as the post step.
globalThis[Symbol.for('rollwatch.role')] = 'post';
require('./index.js');
