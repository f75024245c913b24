#!/usr/bin/env node
// Draws the Tandai icon (a page with one line marked, on a calm teal tile) and writes it as
// PNGs (png/<size>x<size>.png), icon.png (1024), icon.ico (Windows) and icon.icns (macOS).
// No dependencies: shapes are signed distance functions with one-pixel anti-aliasing, PNGs are
// zlib-deflated RGBA, and the ICO and ICNS containers hold PNG entries.
//   node resources/icons/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));

// ---- drawing (unit square, y down) ----
const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];
const TEAL_TOP = hex('#2a8c86');
const TEAL_BOTTOM = hex('#1d5f68');
const PAGE = hex('#fbfaf6');
const LINE = hex('#b9bec6');
const LINE_MARKED = hex('#3a3f47');
const MARK = hex('#f2b84b');

/** Signed distance to a rounded rectangle [x0,x1]x[y0,y1] with corner radius r. */
function roundRect(px, py, x0, y0, x1, y1, r) {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const hx = (x1 - x0) / 2 - r;
  const hy = (y1 - y0) / 2 - r;
  const dx = Math.abs(px - cx) - hx;
  const dy = Math.abs(py - cy) - hy;
  const ox = Math.max(dx, 0);
  const oy = Math.max(dy, 0);
  return Math.hypot(ox, oy) + Math.min(Math.max(dx, dy), 0) - r;
}

const lines = [
  { y: 0.335, x1: 0.655 },
  { y: 0.445, x1: 0.635, marked: true },
  { y: 0.555, x1: 0.66 },
  { y: 0.665, x1: 0.56 },
];

function shade(px, py, pixel) {
  // Coverage of a shape from its distance: 1 inside, 0 outside, a one-pixel ramp at the edge.
  const cover = (d) => Math.min(1, Math.max(0, 0.5 - d / pixel));
  let rgb = [0, 0, 0];
  let alpha = 0;
  const paint = (color, a) => {
    if (a <= 0) return;
    const outA = a + alpha * (1 - a);
    rgb = rgb.map((c, i) => (color[i] * a + c * alpha * (1 - a)) / (outA || 1));
    alpha = outA;
  };
  const t = Math.min(1, Math.max(0, (py - 0.06) / 0.88));
  const teal = TEAL_TOP.map((c, i) => c + (TEAL_BOTTOM[i] - c) * t);
  paint(teal, cover(roundRect(px, py, 0.06, 0.06, 0.94, 0.94, 0.2)));
  paint(PAGE, cover(roundRect(px, py, 0.27, 0.2, 0.73, 0.8, 0.045)));
  for (const l of lines) {
    if (l.marked) paint(MARK, cover(roundRect(px, py, 0.315, l.y - 0.05, 0.685, l.y + 0.05, 0.018)));
    paint(l.marked ? LINE_MARKED : LINE, cover(roundRect(px, py, 0.345, l.y - 0.022, l.x1, l.y + 0.022, 0.022)));
  }
  return [...rgb.map((c) => Math.round(c)), Math.round(alpha * 255)];
}

function render(size) {
  const rgba = Buffer.alloc(size * size * 4);
  const pixel = 1 / size;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = shade((x + 0.5) / size, (y + 0.5) / size, pixel);
      rgba.set([r, g, b, a], (y * size + x) * 4);
    }
  }
  return rgba;
}

// ---- PNG ----
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- ICO: PNG entries (Windows Vista and later) ----
function ico(entries) {
  const header = Buffer.alloc(6 + 16 * entries.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(entries.length, 4);
  let offset = header.length;
  entries.forEach(({ size, data }, i) => {
    const at = 6 + 16 * i;
    header[at] = size >= 256 ? 0 : size; // 0 means 256
    header[at + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, at + 4); // planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(data.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...entries.map((e) => e.data)]);
}

// ---- ICNS: PNG-typed entries ----
const ICNS_TYPES = { 16: 'icp4', 32: 'icp5', 64: 'icp6', 128: 'ic07', 256: 'ic08', 512: 'ic09', 1024: 'ic10' };
function icns(entries) {
  const parts = entries.map(({ size, data }) => {
    const head = Buffer.alloc(8);
    head.write(ICNS_TYPES[size], 0, 'ascii');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

const sizes = [16, 32, 48, 64, 128, 256, 512, 1024];
const pngs = new Map(sizes.map((s) => [s, png(s, render(s))]));
mkdirSync(path.join(here, 'png'), { recursive: true });
for (const s of sizes.filter((s) => s <= 512)) writeFileSync(path.join(here, 'png', `${s}x${s}.png`), pngs.get(s));
writeFileSync(path.join(here, 'icon.png'), pngs.get(1024));
writeFileSync(path.join(here, 'icon.ico'), ico([16, 32, 48, 64, 128, 256].map((size) => ({ size, data: pngs.get(size) }))));
writeFileSync(path.join(here, 'icon.icns'), icns([16, 32, 64, 128, 256, 512, 1024].map((size) => ({ size, data: pngs.get(size) }))));
console.log(`icons: wrote png/{${sizes.filter((s) => s <= 512).join(',')}}, icon.png, icon.ico, icon.icns in ${path.relative(process.cwd(), here) || '.'}`);
