// `npm run bench [-- <name>…] [--flags]` (see docs/benchmarks.md). `prebench` has already installed
// and built the packages (scripts/ensure-ready.mjs); this compiles the benchmark sources in bench/src
// to bench/dist and runs them. Type checking is `npm run typecheck`: here each file is only
// transpiled, so no build of the benchmark itself can fail on types or pull in package sources.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const here = path.dirname(fileURLToPath(import.meta.url));
const srcDir = path.join(here, 'src');
const outDir = path.join(here, 'dist');

function* tsFiles(dir) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* tsFiles(full);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) yield full;
  }
}

rmSync(outDir, { recursive: true, force: true });
for (const file of tsFiles(srcDir)) {
  const out = path.join(outDir, path.relative(srcDir, file)).replace(/\.ts$/, '.js');
  const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2023,
      sourceMap: false,
      useDefineForClassFields: false,
    },
  });
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, outputText);
}

await import(pathToFileURL(path.join(outDir, 'main.js')).href);
