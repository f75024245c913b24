import { join } from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { channelNames, channels } from '../../../shared/contract/index.js';
import { PASS, testBackend } from '../helpers/backend.js';

/** Every property name in a JSON schema, with its path. */
function propertyNames(schema: unknown, path = ''): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const out: string[] = [];
  const s = schema as Record<string, unknown>;
  if (s.properties && typeof s.properties === 'object') {
    for (const [k, v] of Object.entries(s.properties as Record<string, unknown>)) out.push(`${path}${k}`, ...propertyNames(v, `${path}${k}.`));
  }
  for (const key of ['items', 'anyOf', 'oneOf', 'allOf', 'additionalProperties']) {
    const v = s[key];
    if (Array.isArray(v)) v.forEach((x) => out.push(...propertyNames(x, path)));
    else if (v && typeof v === 'object') out.push(...propertyNames(v, path));
  }
  return out;
}

describe('the contract', () => {
  it('the router answers every channel of the contract, and refuses others', async () => {
    const t = await testBackend();
    for (const c of channelNames) {
      const r = await t.backend.route(c, {});
      if (!r.ok) expect(r.error.code, c).not.toBe('UNKNOWN_CHANNEL');
    }
    expect(await t.backend.route('fs.readFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('validates input with zod and names the bad field', async () => {
    const t = await testBackend();
    expect(await t.backend.route('project.create', { path: 42 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/^project.create: path/) } });
  });

  it('no channel answers with key material; the recovery phrase appears only in project.create', () => {
    for (const name of channelNames) {
      const props = propertyNames(z.toJSONSchema(channels[name].output, { unrepresentable: 'any' }));
      const suspicious = props.filter((p) => /(secret|private|master|kek|wrapped|seed)/i.test(p));
      expect(suspicious, name).toEqual([]);
      const recovery = props.filter((p) => /recovery(phrase|words)$/i.test(p));
      expect(recovery, name).toEqual(name === 'project.create' ? ['recoveryPhrase'] : []);
    }
  });

  it('the recovery phrase crosses once: no later answer of any channel contains it', async () => {
    const t = await testBackend();
    await t.call('identity.create', { displayName: 'Ayu', passphrase: PASS });
    const { recoveryPhrase } = await t.call('project.create', { path: join(t.dir, 'r.tandai'), passphrase: PASS, recoveryKey: true });
    const words = recoveryPhrase!.split(' ');
    const probe = words.slice(0, 3).join(' ');
    for (const c of channelNames) {
      if (c === 'project.create' || c === 'identity.lock' || c === 'project.lock') continue;
      const r = await t.backend.route(c, {});
      expect(JSON.stringify(r), c).not.toContain(probe);
    }
  });
});
