/**
 * Writing an export: the bytes are made in memory, then written beside their final path under a
 * hidden temporary name, flushed to disk and renamed into place, so a crash leaves either the whole
 * file or none of it, and nothing is ever staged outside the folder the person chose.
 */
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { TandaiError } from '../../../../shared/result.js';

export function checkWritable(paths: readonly string[], overwrite: boolean): void {
  for (const p of paths) {
    const dir = dirname(p);
    let st;
    try {
      st = statSync(dir);
    } catch {
      throw new TandaiError('NOT_FOUND', `${basename(p)}: the folder ${dir} does not exist`);
    }
    if (!st.isDirectory()) throw new TandaiError('INVALID_INPUT', `${basename(p)}: ${dir} is not a folder`);
    if (existsSync(p)) {
      if (!overwrite) throw new TandaiError('ALREADY_EXISTS', `${basename(p)} already exists in ${dir}: choose another name, or overwrite it`);
      if (statSync(p).isDirectory()) throw new TandaiError('INVALID_INPUT', `${basename(p)} is a folder`);
    }
  }
}

export function writeFileAtomic(path: string, data: Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.partial`);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'wx', 0o600);
    for (let off = 0; off < data.length; ) off += writeSync(fd, data, off, data.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code ?? 'I/O error';
    throw new TandaiError('IO', `${basename(path)} could not be written (${code})`);
  }
  // The rename itself is made durable by flushing the folder (not possible on every platform).
  try {
    const dfd = openSync(dirname(path), 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // Windows cannot open a folder for fsync; the rename is still atomic there.
  }
}
