// Runs before `npm start` and `npm test` so that the README's two commands work on a fresh clone:
// installs the npm dependencies when they are missing or older than the lock file.
// Then builds libs/ml's optional native matmul addon (native-build.mjs), which npm's install
// scripts would not. Plain Node, no dependencies: nothing is installed yet when it runs.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNativeBuild } from './native-build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const marker = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');

if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) {
  process.stderr.write('loralab: installing dependencies (npm ci)…\n');
  execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}

ensureNativeBuild();
