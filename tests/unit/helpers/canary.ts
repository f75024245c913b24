/**
 * The canary scanner: looks for a marker in every form plaintext could take on disk — raw UTF-8,
 * UTF-16LE/BE, base64 (at each byte alignment), hex, JSON-escaped and NFD.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, vi } from 'vitest';

export function markerForms(marker: string): { form: string; bytes: Buffer }[] {
  const utf8 = Buffer.from(marker, 'utf8');
  const forms: { form: string; bytes: Buffer }[] = [
    { form: 'utf-8', bytes: utf8 },
    { form: 'utf-16le', bytes: Buffer.from(marker, 'utf16le') },
    { form: 'utf-16be', bytes: Buffer.from(marker, 'utf16le').swap16() },
    { form: 'hex', bytes: Buffer.from(utf8.toString('hex')) },
    { form: 'HEX', bytes: Buffer.from(utf8.toString('hex').toUpperCase()) },
    { form: 'json-escaped', bytes: Buffer.from(JSON.stringify(marker).slice(1, -1).replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))) },
    { form: 'nfd', bytes: Buffer.from(marker.normalize('NFD'), 'utf8') },
  ];
  // base64 of the marker at each alignment within a longer stream: keep the stable middle part.
  for (let pad = 0; pad < 3; pad++) {
    const b64 = Buffer.concat([Buffer.alloc(pad), utf8]).toString('base64');
    const start = Math.ceil((pad * 4) / 3) + 1;
    const end = Math.floor(((pad + utf8.length) * 4) / 3) - 1;
    forms.push({ form: `base64+${pad}`, bytes: Buffer.from(b64.slice(start, end)) });
    forms.push({ form: `base64url+${pad}`, bytes: Buffer.from(b64.slice(start, end).replace(/\+/g, '-').replace(/\//g, '_')) });
  }
  return forms;
}

export function filesUnder(dir: string, since = 0): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        try {
          const st = statSync(p);
          if (st.mtimeMs >= since && st.size < 200 * 1024 * 1024) out.push(p);
        } catch {
          /* vanished */
        }
      }
    }
  };
  walk(dir);
  return out;
}

/** Every (file, form) where the marker was found. */
export function scanForMarker(files: string[], marker: string): { file: string; form: string }[] {
  const forms = markerForms(marker);
  const hits: { file: string; form: string }[] = [];
  for (const file of files) {
    let data: Buffer;
    try {
      data = readFileSync(file);
    } catch {
      continue;
    }
    for (const f of forms) if (data.indexOf(f.bytes) !== -1) hits.push({ file, form: f.form });
  }
  return hits;
}

export function scanText(text: string, marker: string): string[] {
  const buf = Buffer.from(text, 'utf8');
  return markerForms(marker)
    .filter((f) => buf.indexOf(f.bytes) !== -1)
    .map((f) => f.form);
}

/**
 * Registers, for the enclosing suite, a copy of everything the process prints to stdout and stderr
 * (still printed), so a canary can check logs too.
 */
export function captureOutput(): { readonly printed: string } {
  const output = { printed: '' };
  const spies: ReturnType<typeof vi.spyOn>[] = [];
  beforeAll(() => {
    for (const stream of [process.stdout, process.stderr]) {
      const orig = stream.write.bind(stream);
      spies.push(
        vi.spyOn(stream, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
          output.printed += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
          return (orig as (...a: unknown[]) => boolean)(chunk, ...rest);
        }) as typeof stream.write),
      );
    }
  });
  afterAll(() => spies.forEach((s) => s.mockRestore()));
  return output;
}
