import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decideHostKey, describeKey, fingerprintOf, knownKeysFor, preferredKeyTypes, type KnownKey } from '../../../src/targets/ssh/hostkeys';

interface GeneratedKey {
  type: string;
  b64: string;
  blob: Buffer;
  /** What `ssh-keygen -lf` prints as the fingerprint. */
  fingerprint: string;
  line: string;
}

let dir: string;
const keys: Record<'ed25519' | 'ecdsa' | 'rsa' | 'other', GeneratedKey> = {} as never;

function generate(name: string, args: string[]): GeneratedKey {
  const file = join(dir, name);
  execFileSync('ssh-keygen', ['-q', ...args, '-f', file, '-N', '', '-C', `test-${name}`]);
  const pub = readFileSync(`${file}.pub`, 'utf8').trim();
  const [type, b64] = pub.split(' ');
  const printed = execFileSync('ssh-keygen', ['-lf', `${file}.pub`], { encoding: 'utf8' }).trim();
  return { type, b64, blob: Buffer.from(b64, 'base64'), fingerprint: printed.split(' ')[1], line: `${type} ${b64}` };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rollwatch-hostkeys-'));
  keys.ed25519 = generate('ed', ['-t', 'ed25519']);
  keys.ecdsa = generate('ec', ['-t', 'ecdsa', '-b', '256']);
  keys.rsa = generate('rsa', ['-t', 'rsa', '-b', '2048']);
  keys.other = generate('ed2', ['-t', 'ed25519']);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fingerprints', () => {
  it('equal what ssh-keygen -lf prints, for ed25519, ecdsa and rsa keys', () => {
    for (const k of [keys.ed25519, keys.ecdsa, keys.rsa]) {
      expect(k.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
      expect(fingerprintOf(k.blob)).toBe(k.fingerprint);
    }
  });

  it('describeKey reads the key type from the blob', () => {
    expect(describeKey(keys.ed25519.blob)).toEqual({ type: 'ssh-ed25519', fingerprint: keys.ed25519.fingerprint });
    expect(describeKey(keys.ecdsa.blob).type).toBe('ecdsa-sha2-nistp256');
    expect(describeKey(keys.rsa.blob).type).toBe('ssh-rsa');
  });

  it('describeKey on garbage says "unknown" and still fingerprints', () => {
    expect(describeKey(Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2])).type).toBe('unknown');
    expect(describeKey(Buffer.alloc(2)).type).toBe('unknown');
    expect(describeKey(Buffer.alloc(0)).fingerprint).toBe('SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU');
  });
});

describe('knownKeysFor', () => {
  it('plain entries: matches the host on port 22 only by its plain name or [name]:22', () => {
    const kh = `web-1 ${keys.ed25519.line}\n[web-1]:22 ${keys.ecdsa.line}\nweb-10 ${keys.other.line}\n`;
    const found = knownKeysFor(kh, 'web-1', 22);
    expect(found.map((k) => k.type)).toEqual(['ssh-ed25519', 'ecdsa-sha2-nistp256']);
    expect(found[0].blob.equals(keys.ed25519.blob)).toBe(true);
    expect(knownKeysFor(kh, 'web-1', 2222)).toEqual([]);
    expect(knownKeysFor(kh, 'web', 22)).toEqual([]);
  });

  it('comma lists match any of their names', () => {
    const kh = `web-1.example.com,10.0.0.5,[10.0.0.5]:2222 ${keys.ed25519.line} comment here`;
    expect(knownKeysFor(kh, '10.0.0.5', 22)).toHaveLength(1);
    expect(knownKeysFor(kh, 'web-1.example.com', 22)).toHaveLength(1);
    expect(knownKeysFor(kh, '10.0.0.5', 2222)).toHaveLength(1);
    expect(knownKeysFor(kh, '10.0.0.6', 22)).toHaveLength(0);
  });

  it('[host]:port entries match only that port', () => {
    const kh = `[web-2]:2222 ${keys.rsa.line}`;
    expect(knownKeysFor(kh, 'web-2', 2222).map((k) => k.type)).toEqual(['ssh-rsa']);
    expect(knownKeysFor(kh, 'web-2', 22)).toEqual([]);
    expect(knownKeysFor(kh, 'web-2', 222)).toEqual([]);
  });

  it('hashed entries written by ssh-keygen -H match, and agree with ssh-keygen -F', () => {
    const file = join(dir, 'known_hosts');
    writeFileSync(file, `web-1 ${keys.ed25519.line}\n[web-2]:2222 ${keys.ecdsa.line}\n10.0.0.7 ${keys.rsa.line}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    const hashed = readFileSync(file, 'utf8');
    expect(hashed).not.toMatch(/web-1|web-2|10\.0\.0\.7/);
    expect(hashed.split('\n').filter(Boolean).every((l) => l.startsWith('|1|'))).toBe(true);

    expect(knownKeysFor(hashed, 'web-1', 22).map((k) => k.type)).toEqual(['ssh-ed25519']);
    expect(knownKeysFor(hashed, 'web-2', 2222).map((k) => k.type)).toEqual(['ecdsa-sha2-nistp256']);
    expect(knownKeysFor(hashed, '10.0.0.7', 22).map((k) => k.type)).toEqual(['ssh-rsa']);
    expect(knownKeysFor(hashed, 'web-2', 22)).toEqual([]);
    expect(knownKeysFor(hashed, 'web-3', 22)).toEqual([]);

    // ssh-keygen -F is the reference for what OpenSSH itself would find
    for (const [host, port, expected] of [['web-1', 22, 1], ['[web-2]:2222', 2222, 1], ['web-3', 22, 0]] as const) {
      let sshFinds = 0;
      try {
        sshFinds = execFileSync('ssh-keygen', ['-F', host, '-f', file], { encoding: 'utf8' }).split('\n').filter((l) => l.startsWith('|1|')).length;
      } catch {
        sshFinds = 0;
      }
      const address = host.replace(/^\[(.*)\]:\d+$/, '$1');
      expect([host, sshFinds]).toEqual([host, expected]);
      expect([host, knownKeysFor(hashed, address, port).length]).toEqual([host, expected]);
    }
  });

  it('host names match case-insensitively, as OpenSSH lowercases the name before looking it up', () => {
    const kh = `web-1.example.com ${keys.ed25519.line}`;
    expect(knownKeysFor(kh, 'WEB-1.Example.com', 22)).toHaveLength(1);
  });

  it('skips comments, blank lines, markers and short lines; tolerates CRLF and indentation', () => {
    const kh = [
      '# web-1 ssh-ed25519 AAAA',
      '',
      `@cert-authority web-1 ${keys.other.line}`,
      `@revoked web-1 ${keys.other.line}`,
      'web-1 ssh-ed25519',
      `   web-1 ${keys.ed25519.line}\r`,
    ].join('\r\n');
    const found = knownKeysFor(kh, 'web-1', 22);
    expect(found).toHaveLength(1);
    expect(found[0].blob.equals(keys.ed25519.blob)).toBe(true);
  });
});

describe('decideHostKey', () => {
  const known = (k: GeneratedKey): KnownKey => ({ type: k.type, blob: k.blob });

  it('accepts the pinned fingerprint, with or without base64 padding', () => {
    for (const fp of [keys.ed25519.fingerprint, keys.ed25519.fingerprint + '=']) {
      const d = decideHostKey(keys.ed25519.blob, { hostLabel: 'web-1', fingerprint: fp, known: [], mode: 'strict' });
      expect(d).toEqual({ accept: true, offered: { type: 'ssh-ed25519', fingerprint: keys.ed25519.fingerprint }, trustedOnFirstUse: false });
    }
  });

  it('accepts a key listed in known_hosts', () => {
    const d = decideHostKey(keys.rsa.blob, { hostLabel: 'web-1', known: [known(keys.ed25519), known(keys.rsa)], mode: 'strict' });
    expect(d.accept).toBe(true);
  });

  it('a mismatch names the host, every expected fingerprint and the offered one', () => {
    const d = decideHostKey(keys.other.blob, {
      hostLabel: 'web-1 (10.0.0.5:22)',
      fingerprint: keys.ed25519.fingerprint,
      known: [known(keys.rsa)],
      mode: 'accept-new',
    });
    expect(d.accept).toBe(false);
    if (d.accept) return;
    expect(d.reason).toContain('web-1 (10.0.0.5:22)');
    expect(d.reason).toContain(`${keys.ed25519.fingerprint} (pinned)`);
    expect(d.reason).toContain(`ssh-rsa ${keys.rsa.fingerprint} (known_hosts)`);
    expect(d.reason).toContain(`offered ssh-ed25519 ${keys.other.fingerprint}`);
    expect(d.reason).toMatch(/does not match/);
  });

  it('accept-new trusts on first use only when nothing at all is known', () => {
    const first = decideHostKey(keys.other.blob, { hostLabel: 'web-1', known: [], mode: 'accept-new' });
    expect(first).toEqual({ accept: true, offered: { type: 'ssh-ed25519', fingerprint: keys.other.fingerprint }, trustedOnFirstUse: true });
    expect(decideHostKey(keys.other.blob, { hostLabel: 'web-1', known: [known(keys.ed25519)], mode: 'accept-new' }).accept).toBe(false);
    expect(decideHostKey(keys.other.blob, { hostLabel: 'web-1', fingerprint: keys.ed25519.fingerprint, known: [], mode: 'accept-new' }).accept).toBe(false);
  });

  it('strict with nothing known refuses and says how to pin the offered key', () => {
    const d = decideHostKey(keys.ecdsa.blob, { hostLabel: 'web-9', known: [], mode: 'strict' });
    expect(d.accept).toBe(false);
    if (d.accept) return;
    expect(d.reason).toContain('web-9');
    expect(d.reason).toContain(`ecdsa-sha2-nistp256 ${keys.ecdsa.fingerprint}`);
    expect(d.reason).toMatch(/unknown/);
    expect(d.reason).toMatch(/hosts\[\]\.fingerprint or known_hosts/);
  });

  it('a fingerprint differing in one character is not accepted', () => {
    const fp = keys.ed25519.fingerprint;
    const flipped = fp.slice(0, -1) + (fp.endsWith('A') ? 'B' : 'A');
    expect(decideHostKey(keys.ed25519.blob, { hostLabel: 'h', fingerprint: flipped, known: [], mode: 'strict' }).accept).toBe(false);
  });
});

describe('preferredKeyTypes', () => {
  it('lists the known key types once each, in order; undefined when none are known', () => {
    expect(preferredKeyTypes([])).toBeUndefined();
    const list = [keys.ecdsa, keys.ed25519, keys.other, keys.rsa].map((k) => ({ type: k.type, blob: k.blob }));
    expect(preferredKeyTypes(list)).toEqual(['ecdsa-sha2-nistp256', 'ssh-ed25519', 'ssh-rsa']);
  });

  it('from a known_hosts text: only the types known for that host', () => {
    const kh = `web-1 ${keys.ecdsa.line}\nweb-2 ${keys.rsa.line}\n`;
    expect(preferredKeyTypes(knownKeysFor(kh, 'web-1', 22))).toEqual(['ecdsa-sha2-nistp256']);
  });
});
