import { describe, it, expect } from '@jest/globals';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from '../../../src/config/file';
import { configJsonSchema } from '../../../src/config/json-schema';

const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA-from-input\n-----END OPENSSH PRIVATE KEY-----\n';

function file(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rw-overrides-'));
  writeFileSync(join(dir, 'key'), '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA-from-file\n-----END OPENSSH PRIVATE KEY-----\n');
  writeFileSync(join(dir, 'rollwatch.yml'), yaml);
  return join(dir, 'rollwatch.yml');
}

const BASE = `app: web
image: { repository: registry.example.com/web }
registry: { server: registry.example.com, username: bot, passwordFile: /nonexistent }
ssh: { privateKeyFile: key, hostKeys: accept-new }
hosts: [web-1]
container: { port: 8080 }
health: { path: /health }
`;

describe('inputs override the file, one secret source at a time', () => {
  it('an ssh-key input replaces the file\'s privateKeyFile instead of clashing with it', () => {
    const c = loadConfigFile(file(BASE), { ssh: { privateKey: KEY }, registry: { password: 'pw' } }, {});
    expect(c.ssh.privateKey).toBe(KEY);
    expect(c.registry?.password).toBe('pw'); // the unreadable passwordFile was dropped, not read
  });

  it('without overrides the file\'s own sources are used', () => {
    expect(() => loadConfigFile(file(BASE), {}, {})).toThrow(/registry\.passwordFile: cannot read file/);
  });

  it('other keys of the section survive the replacement', () => {
    const c = loadConfigFile(file(BASE.replace('hostKeys: accept-new', 'hostKeys: accept-new, user: deploy')), { ssh: { privateKey: KEY }, registry: { password: 'pw' } }, {});
    expect(c.ssh.hostKeys).toBe('accept-new');
    expect(c.hosts[0].user).toBe('deploy');
  });
});

describe('the shipped JSON Schema', () => {
  it('is the one generated from the validating schema (regenerate: node dist/cli/index.js schema > schema/rollwatch.schema.json)', () => {
    const shipped = JSON.parse(readFileSync('schema/rollwatch.schema.json', 'utf8'));
    expect(shipped).toEqual(JSON.parse(JSON.stringify(configJsonSchema())));
  });
});
