import { ESLint } from 'eslint';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const fixture = (name: string) => readFileSync(join('tests/fixtures/lint', name), 'utf8');

// Each fixture is linted as if it were at `as`: the zone rules are chosen by path.
const cases = [
  { file: 'shared-imports-node.ts', as: 'shared/text/bad.ts', rule: 'no-restricted-imports' },
  { file: 'shared-imports-backend.ts', as: 'shared/bad.ts', rule: 'no-restricted-imports' },
  { file: 'shared-uses-window.ts', as: 'shared/domain/bad.ts', rule: 'no-restricted-globals' },
  { file: 'backend-imports-electron.ts', as: 'electron/backend/services/bad.ts', rule: 'no-restricted-imports' },
  { file: 'cli-imports-electron.ts', as: 'electron/cli/bad.ts', rule: 'no-restricted-imports' },
  { file: 'renderer-imports-node.tsx', as: 'renderer/src/features/bad.tsx', rule: 'no-restricted-imports' },
  { file: 'renderer-imports-electron-dir.tsx', as: 'renderer/src/features/x/bad.tsx', rule: 'no-restricted-imports' },
  { file: 'renderer-reads-window-api.tsx', as: 'renderer/src/features/bad.tsx', rule: 'no-restricted-properties' },
];

describe('import zones (DESIGN.md "Layout and what may import what")', () => {
  const eslint = new ESLint({ ignore: false });

  it.each(cases)('$file breaks $rule when placed at $as', async ({ file, as, rule }) => {
    const [result] = await eslint.lintText(fixture(file), { filePath: as });
    const fired = result!.messages.map((m) => m.ruleId);
    expect(fired).toContain(rule);
  });

  it('lets renderer/src/api read window.api', async () => {
    const [result] = await eslint.lintText(fixture('renderer-api-reads-window-api.ts'), { filePath: 'renderer/src/api/ok.ts' });
    expect(result!.messages.filter((m) => m.ruleId?.startsWith('no-restricted'))).toEqual([]);
  });

  it('lets shared/ import zod and other shared modules', async () => {
    const code = "import { z } from 'zod';\nimport { ok } from '../result.js';\nexport const s = z.string(); export const o = ok;\n";
    const [result] = await eslint.lintText(code, { filePath: 'shared/domain/ok.ts' });
    expect(result!.messages.filter((m) => m.ruleId?.startsWith('no-restricted'))).toEqual([]);
  });
});
