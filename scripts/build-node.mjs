#!/usr/bin/env node
// Bundles the Node-side entry points with esbuild.
//
//   node scripts/build-node.mjs            main, preload, worker and the CLI (what `npm start` needs)
//   node scripts/build-node.mjs --cli      only the CLI (electron/cli/main.ts) (npm install's `prepare`; never fails the install)
//   --only=main,preload  --outdir=DIR      a subset, elsewhere (used by tests)
//
// Outputs: build/app/main.cjs, build/app/preload.cjs, build/app/worker.cjs, build/cli/tandai.mjs, and
// beside the backend's two bundles (worker.cjs, tandai.mjs) its transcript parse worker
// (parse-worker.cjs / parse-worker.mjs), which the backend starts from a file next to itself.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

const cliOnly = flag('cli');
const outRoot = path.resolve(root, option('outdir') ?? 'build');
const only = option('only')?.split(',').filter(Boolean);
const started = Date.now();

// Electron 45 ships Chromium 142 and Node 22.
const NODE_TARGET = 'node22';
const CHROME_TARGET = 'chrome140';

// `import.meta.url` does not exist in CommonJS; backend code may use it to find files beside it.
const importMetaShim = {
  define: { 'import.meta.url': '__tandai_import_meta_url' },
  banner: { js: "const __tandai_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
};

// The transcript parse worker (electron/backend/formats/parse-pool.ts) is built beside each bundle
// that holds the backend, as a companion of that entry rather than an entry of its own.
const PARSE_WORKER = 'electron/backend/formats/parse-worker.ts';

const entries = {
  main: {
    entry: 'electron/main/index.ts',
    options: () => ({
      outfile: path.join(outRoot, 'app', 'main.cjs'),
      platform: 'node',
      format: 'cjs',
      target: NODE_TARGET,
      external: ['electron', 'better-sqlite3'],
      plugins: [staticContractNames()],
      ...importMetaShim,
    }),
  },
  preload: {
    entry: 'electron/preload/index.ts',
    options: () => ({
      outfile: path.join(outRoot, 'app', 'preload.cjs'),
      // A sandboxed preload has browser globals and require('electron') only.
      platform: 'browser',
      format: 'cjs',
      target: CHROME_TARGET,
      external: ['electron'],
      plugins: [staticContractNames()],
    }),
  },
  worker: {
    entry: 'electron/backend/worker.ts',
    options: () => ({
      outfile: path.join(outRoot, 'app', 'worker.cjs'),
      platform: 'node',
      format: 'cjs',
      target: NODE_TARGET,
      // Native: loaded from node_modules (or the nativeBinding path main passes in).
      external: ['better-sqlite3', 'electron'],
      ...importMetaShim,
    }),
    companions: [
      {
        entry: PARSE_WORKER,
        options: () => ({
          outfile: path.join(outRoot, 'app', 'parse-worker.cjs'),
          platform: 'node',
          format: 'cjs',
          target: NODE_TARGET,
          external: ['better-sqlite3', 'electron'],
          ...importMetaShim,
        }),
      },
    ],
  },
  cli: {
    // main.ts binds the CLI's run() (electron/cli/index.ts) to this process.
    entry: 'electron/cli/main.ts',
    optional: true,
    options: () => ({
      outfile: path.join(outRoot, 'cli', 'tandai.mjs'),
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // Dependencies stay in node_modules: the CLI runs under the same Node that installed them.
      packages: 'external',
    }),
    companions: [
      {
        entry: PARSE_WORKER,
        options: () => ({ outfile: path.join(outRoot, 'cli', 'parse-worker.mjs'), platform: 'node', format: 'esm', target: 'node20', packages: 'external' }),
      },
    ],
  },
};

/**
 * Main and preload need only the contract's channel and event names. This plugin answers their
 * `contract-names` module with the two lists as literals (read from the contract at build time),
 * so neither bundle carries zod and the sandboxed preload stays small.
 */
let namesPromise;
function contractNames(esbuild) {
  namesPromise ??= esbuild
    .build({
      stdin: {
        contents:
          "export { channelNames } from './shared/contract/channels.ts';\nexport { eventNames } from './shared/contract/events.ts';\n",
        resolveDir: root,
        loader: 'ts',
      },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      logLevel: 'silent',
    })
    .then((r) => import(`data:text/javascript;base64,${Buffer.from(r.outputFiles[0].text).toString('base64')}`))
    .then((m) => ({ channelNames: [...m.channelNames], eventNames: [...m.eventNames] }));
  return namesPromise;
}
function staticContractNames() {
  return {
    name: 'tandai-static-contract-names',
    setup(build) {
      build.onResolve({ filter: /\/contract-names(\.js|\.ts)?$/ }, (args) => ({
        path: path.relative(root, path.resolve(args.resolveDir, args.path)),
        namespace: 'contract-names',
      }));
      build.onLoad({ filter: /.*/, namespace: 'contract-names' }, async () => {
        const esbuild = await import('esbuild');
        const { channelNames, eventNames } = await contractNames(esbuild);
        return {
          contents: `export const channelNames = Object.freeze(${JSON.stringify(channelNames)});\nexport const eventNames = Object.freeze(${JSON.stringify(eventNames)});\n`,
          loader: 'js',
        };
      });
    },
  };
}

function firstLines(e) {
  const errors = e?.errors ?? [];
  if (!errors.length) return String(e?.message ?? e).split('\n')[0];
  return errors
    .slice(0, 3)
    .map((m) => (m.location ? `${m.location.file}:${m.location.line}: ${m.text}` : m.text))
    .join('; ');
}

async function main() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    // A production install (--omit=dev) has no esbuild; the install itself must still succeed.
    console.log('build-node: esbuild is not installed, nothing built (run `npm install` with dev dependencies, then `npm run build`).');
    return cliOnly ? 0 : 1;
  }

  const names = only ?? (cliOnly ? ['cli'] : ['main', 'preload', 'worker', 'cli']);
  let failed = 0;
  const built = [];
  await Promise.all(
    names.map(async (name) => {
      const spec = entries[name];
      if (!spec) {
        console.error(`build-node: unknown entry "${name}" (known: ${Object.keys(entries).join(', ')})`);
        failed++;
        return;
      }
      if (!existsSync(path.join(root, spec.entry))) {
        if (spec.optional) {
          console.log(`build-node: ${spec.entry} does not exist yet, so the ${name} is not built.`);
          return;
        }
        console.error(`build-node: ${spec.entry} is missing.`);
        failed++;
        return;
      }
      try {
        for (const part of [spec, ...(spec.companions ?? [])]) {
          const options = part.options();
          const result = await esbuild.build({
            entryPoints: [path.join(root, part.entry)],
            bundle: true,
            sourcemap: 'linked',
            legalComments: 'none',
            logLevel: 'silent',
            absWorkingDir: root,
            ...options,
          });
          built.push(path.relative(root, options.outfile));
          for (const w of result.warnings.slice(0, 3)) {
            console.log(`build-node: ${name} warning: ${w.location ? `${w.location.file}:${w.location.line}: ` : ''}${w.text}`);
          }
        }
      } catch (e) {
        console.error(`build-node: ${name} failed: ${firstLines(e)}`);
        failed++;
      }
    }),
  );
  const ms = Date.now() - started;
  if (built.length) console.log(`build-node: built ${built.sort().join(', ')} in ${ms} ms`);
  // `prepare` runs on every install: a CLI that does not build yet must not break `npm install`.
  if (cliOnly) return 0;
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`build-node: ${firstLines(e)}`);
    process.exit(cliOnly ? 0 : 1);
  },
);
