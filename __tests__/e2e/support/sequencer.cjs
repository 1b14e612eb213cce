// e2e order: the summary render test goes last, so it also renders the summary that the lab
// tests saved (artifacts/summary-rolled-back.md); the swarm test just before it, so the ssh
// tests run on engines that have not joined and left a swarm; the others keep jest's order.
const Sequencer = require('@jest/test-sequencer').default;

class RenderLast extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const last = (t) => (/summary-render\.test\.ts$/.test(t.path) ? 2 : /swarm\.test\.ts$/.test(t.path) ? 1 : 0);
    return [...sorted].sort((a, b) => last(a) - last(b));
  }
}

module.exports = RenderLast;
