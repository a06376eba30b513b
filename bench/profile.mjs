// Summarises V8 CPU profiles: self time per source file, largest first, one block per profile.
// The suites that run their subjects in child processes (loop, stream, memory) profile them on request:
//   WRIGHT_BENCH_PROFILE=/tmp/wright-prof node bench/run.mjs loop
//   node bench/profile.mjs /tmp/wright-prof [top]
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [directory, top = '15'] = process.argv.slice(2);
if (directory === undefined) {
  console.error('usage: node bench/profile.mjs <directory of .cpuprofile files> [top]');
  process.exit(2);
}
for (const file of readdirSync(directory).filter((name) => name.endsWith('.cpuprofile'))) {
  const profile = JSON.parse(readFileSync(path.join(directory, file), 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfTime = new Map();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    total += delta;
    const key = sourceOf(nodes.get(id).callFrame);
    selfTime.set(key, (selfTime.get(key) ?? 0) + delta);
  });
  console.log(`\n${file}: ${(total / 1000).toFixed(0)} ms sampled`);
  for (const [key, micros] of [...selfTime].sort((left, right) => right[1] - left[1]).slice(0, Number(top))) {
    console.log(`${(micros / 1000).toFixed(0).padStart(7)} ms  ${key}`);
  }
}

/** Wright files by package path, dependencies by package, node internals by module, the rest by function. */
function sourceOf({ url, functionName }) {
  if (url.includes('/packages/')) return `wright ${url.split('/packages/')[1].replace('/dist/', '/')}`;
  if (url.includes('node_modules/'))
    return `dep ${url.split('node_modules/').pop().split('/').slice(0, 2).join('/')}`;
  if (url.startsWith('node:')) return url;
  return url === '' ? functionName || '(anonymous)' : `${path.basename(url)} ${functionName}`;
}
