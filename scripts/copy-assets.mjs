#!/usr/bin/env node
// Copies every *.md under <from> to the same place under <to> (tool prompts loaded at runtime).
// Usage (from a package directory): node ../../scripts/copy-assets.mjs src dist
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';

const [from, to] = process.argv.slice(2);
if (!from || !to) {
  console.error('usage: copy-assets.mjs <from> <to>');
  process.exit(2);
}

async function copyTree(source, target) {
  let copied = 0;
  for (const entry of await readdir(source, { withFileTypes: true })) {
    const sourcePath = path.join(source, entry.name);
    const targetPath = path.join(target, entry.name);
    if (entry.isDirectory()) copied += await copyTree(sourcePath, targetPath);
    else if (entry.isFile() && entry.name.endsWith('.md')) {
      await mkdir(target, { recursive: true });
      await copyFile(sourcePath, targetPath);
      copied += 1;
    }
  }
  return copied;
}

await copyTree(path.resolve(from), path.resolve(to));
