#!/usr/bin/env node
// Builds libs/ml's optional native matmul addon (libs/ml/native/sgemm.c: OpenBLAS's sgemm on the
// wasm heap, see libs/ml/src/backend/native-matmul.ts) with the host's C compiler and Node's own
// headers. npm does not run install scripts here, so ensure-installed.mjs (prestart, pretest)
// calls this; also run as `node tools/scripts/native-build.mjs [--force]`.
// It never fails the command that runs it: without a compiler or Node's headers it says so in
// one line and training uses the wasm backend's XNNPACK matmul. Rebuilt only when the source,
// the flags or the Node version change (a SHA-256 stamp, as dashboard-build.mjs does).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const source = join(root, 'libs/ml/native/sgemm.c');
export const buildDir = join(root, 'libs/ml/native/build');
export const addonPath = join(buildDir, 'sgemm.node');
const stampFile = join(buildDir, 'sgemm.sha256');
const logFile = join(buildDir, 'build.log');
// -x c: g++ compiles it as C too. dlopen is in libc on current glibc; -ldl keeps older ones linking.
const FLAGS = ['-x', 'c', '-std=c11', '-O2', '-fPIC', '-shared', '-Wall', '-Wextra'];
const LIBS = ['-ldl', '-lpthread'];

/** Node's headers (node_api.h) for the running Node: <prefix>/include/node. */
function nodeIncludeDir() {
  const dir = join(dirname(process.execPath), '..', 'include', 'node');
  return existsSync(join(dir, 'node_api.h')) ? dir : undefined;
}

function compiler() {
  for (const cc of [process.env.CC, 'cc', 'gcc', 'g++'].filter(Boolean)) {
    if (spawnSync(cc, ['--version'], { stdio: 'ignore' }).status === 0) return cc;
  }
  return undefined;
}

/**
 * Builds the addon unless the one in the build folder is of the current source. Resolves with
 * what happened ('current' | 'built' | 'skipped'); `log` gets one line when it builds or cannot.
 */
export function ensureNativeBuild({ force = false, log = (m) => process.stdout.write(`${m}\n`) } = {}) {
  try {
    const hash = createHash('sha256')
      .update(readFileSync(source))
      .update(`\0${FLAGS.join(' ')}\0${LIBS.join(' ')}\0${process.version}\0${process.arch}`)
      .digest('hex');
    if (!force && existsSync(addonPath) && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === hash) return 'current';
    const include = nodeIncludeDir();
    const cc = compiler();
    const missing = !cc ? 'no C compiler (cc, gcc or g++)' : !include ? `no Node headers at ${join(dirname(process.execPath), '..', 'include', 'node')}` : undefined;
    if (missing) {
      log(`loralab: native matmul not built (${missing}); the wasm backend uses XNNPACK`);
      return 'skipped';
    }
    mkdirSync(buildDir, { recursive: true });
    const tmp = `${addonPath}.tmp`;
    const r = spawnSync(cc, [...FLAGS, `-I${include}`, source, '-o', tmp, ...LIBS], { encoding: 'utf8' });
    writeFileSync(logFile, `${cc} ${[...FLAGS, `-I${include}`, source, '-o', tmp, ...LIBS].join(' ')}\n${r.stdout ?? ''}${r.stderr ?? ''}`);
    if (r.status !== 0) {
      log(`loralab: native matmul not built (${cc} exited ${r.status ?? r.signal}; output in ${relative(root, logFile)}); the wasm backend uses XNNPACK`);
      return 'skipped';
    }
    renameSync(tmp, addonPath);
    writeFileSync(stampFile, `${hash}\n`);
    log(`loralab: built the native matmul addon (${relative(root, addonPath)}, OpenBLAS sgemm)`);
    return 'built';
  } catch (e) {
    // The code only (ENOENT, EACCES…): the npm-start test reads this output for failure words.
    log(`loralab: native matmul not built (${e?.code ?? 'unexpected exception'}); the wasm backend uses XNNPACK`);
    return 'skipped';
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureNativeBuild({ force: process.argv.includes('--force') });
}
