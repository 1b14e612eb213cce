/**
 * action.yml, the repository's workflows and every GitHub workflow in examples/ pass GitHub's
 * own parser. A `${{ }}` in an input description is enough for the runner to refuse the action.
 */
import { describe, it, expect } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionErrors, workflowErrors } from '../../fixtures/github/workflow-parser';

const yamlIn = (dir: string) =>
  existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(dir, f)) : [];
const isWorkflow = (path: string) => /^(on|"on"|jobs):/m.test(readFileSync(path, 'utf8'));

describe("GitHub's workflow parser", () => {
  it('loads action.yml', () => {
    expect(actionErrors('action.yml')).toEqual([]);
  });

  it('rejects an expression in an input description, as the runner does', () => {
    const broken = readFileSync('action.yml', 'utf8').replace(
      /(\n {2}github-token:\n {4}description: ).*\n/,
      '$1"Token, e.g. `$${{ github.token }}`"\n',
    );
    expect(broken).toContain('${{ github.token }}');
    expect(actionErrors('action.yml', broken).join('\n')).toMatch(/Unrecognized named-value: 'github'/);
  });

  const workflows = [...yamlIn('.github/workflows'), ...yamlIn('examples').filter(isWorkflow)];

  it('finds the workflows to check', () => {
    expect(workflows).toEqual(expect.arrayContaining(['.github/workflows/ci.yml', 'examples/github-workflow.yml']));
  });

  it.each(workflows)('accepts %s', (path) => {
    expect(workflowErrors(path)).toEqual([]);
  });
});
