// The registry these machines reach serves only some platform builds of packages such as
// @swc/core, @next/swc and nx, so `npm install` cannot record the others in package-lock.json and
// `npm ci` then refuses the lock. This adds the entries npm would have written on a full registry:
// each missing optional platform package with its version and os/cpu/libc, so `npm ci` knows to
// skip it on other platforms. Run after `npm install`: node tools/scripts/lock-platform-stubs.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const pkgs = lock.packages;
const OS = ['darwin', 'linux', 'win32', 'freebsd', 'android', 'openbsd', 'sunos', 'aix'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64'];

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.find((p) => CPU.includes(p));
  if (!os || !cpu) return null;
  const out = { os: [os], cpu: [cpu] };
  if (parts.includes('musl')) out.libc = ['musl'];
  else if (parts.includes('gnu') || parts.includes('gnueabihf')) out.libc = ['glibc'];
  return out;
}

let added = 0;
for (const [path, meta] of Object.entries(pkgs)) {
  for (const [dep, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const platform = platformOf(dep);
    if (!platform || !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version)) continue;
    // Resolution looks beside the parent first, then in each enclosing node_modules up to the root.
    const nested = `${path ? path + '/' : ''}node_modules/${dep}`;
    const top = `node_modules/${dep}`;
    const candidates = [];
    for (let dir = path; ; dir = dir.includes('/node_modules/') ? dir.slice(0, dir.lastIndexOf('/node_modules/')) : '') {
      candidates.push(`${dir ? dir + '/' : ''}node_modules/${dep}`);
      if (!dir) break;
    }
    const found = candidates.find((p) => pkgs[p]);
    if (found && pkgs[found].version === version) continue;
    const at = pkgs[top] ? nested : top;
    if (pkgs[at]) continue;
    pkgs[at] = { version, dev: meta.dev, optional: true, ...platform };
    if (!pkgs[at].dev) delete pkgs[at].dev;
    added++;
  }
}
writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
process.stdout.write(`added ${added} platform entries\n`);
