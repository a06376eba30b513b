#!/usr/bin/env node
// Copies every *.json under src/ to the same place under dist/ (the demo's scripted-server script).
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';

async function copyTree(source, target) {
  for (const entry of await readdir(source, { withFileTypes: true })) {
    const sourcePath = path.join(source, entry.name);
    const targetPath = path.join(target, entry.name);
    if (entry.isDirectory()) await copyTree(sourcePath, targetPath);
    else if (entry.isFile() && entry.name.endsWith('.json')) {
      await mkdir(target, { recursive: true });
      await copyFile(sourcePath, targetPath);
    }
  }
}

await copyTree(path.resolve('src'), path.resolve('dist'));
