// Builds the extension host bundle (Node, CJS) and the webview bundle (browser, IIFE).
// `--production` minifies and drops sourcemaps; `--watch` rebuilds on change;
// `--tests` also bundles the in-VS-Code integration suite into out/test/.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/** Prints one line per rebuild so `--watch` output stays readable. */
const logPlugin = {
  name: 'log',
  setup(build) {
    build.onEnd((result) => {
      for (const e of result.errors) console.error(`✘ ${e.text} (${e.location?.file}:${e.location?.line})`);
      if (watch) console.log(`[watch] built ${build.initialOptions.outfile ?? build.initialOptions.outdir}`);
    });
  },
};

/** Writes what went into each bundle to out/meta/<outfile>.json; scripts/notices.ts reads it. */
const metaPlugin = {
  name: 'meta',
  setup(build) {
    build.onEnd((result) => {
      if (!result.metafile) return;
      const file = path.join('out', 'meta', `${build.initialOptions.outfile}.json`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(result.metafile));
    });
  },
};

const common = {
  bundle: true,
  metafile: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
  plugins: [logPlugin, metaPlugin],
};

const configs = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview/main.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.css': 'css' },
  },
];

if (tests) {
  configs.push({
    ...common,
    minify: false,
    sourcemap: 'inline',
    entryPoints: ['test/integration/index.ts'],
    outfile: 'out/test/integration/index.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
  });
}

const contexts = await Promise.all(configs.map((c) => esbuild.context(c)));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
