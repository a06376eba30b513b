import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitRepo, createScratch, type Scratch } from '../cli-harness.js';
import { runModelCommands } from './sandbox-harness.js';

// Real projects in a temporary repository, their tests run by the model's shell in workspace-write with the
// network off (the defaults), through the real CLI. Uses the system's bwrap and fails (never skips) without it.
const projects: Record<string, string> = {
  'node/package.json': '{"name":"add","version":"1.0.0","scripts":{"test":"node --test"}}\n',
  'node/add.test.js':
    "const test = require('node:test');\nconst assert = require('node:assert');\ntest('adds', () => assert.strictEqual(2 + 3, 5));\n",
  // A locally installed tool, as `npx jest` finds node_modules/.bin/jest: npx must run it without the network.
  'node/node_modules/.bin/local-runner': '#!/bin/sh\necho "local runner ran: $(node -p 2+3)"\n',
  'py/test_add.py': 'def add(a, b):\n    return a + b\n\n\ndef test_add():\n    assert add(2, 3) == 5\n',
  'go/go.mod': 'module example.com/add\n\ngo 1.19\n',
  'go/add.go': 'package add\n\nfunc Add(a, b int) int { return a + b }\n',
  'go/add_test.go':
    'package add\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(2, 3) != 5 {\n\t\tt.Fatal("bad")\n\t}\n}\n',
  'rs/Cargo.toml': '[package]\nname = "add"\nversion = "0.1.0"\nedition = "2021"\n',
  'rs/src/lib.rs':
    'pub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn adds() {\n        assert_eq!(super::add(2, 3), 5);\n    }\n}\n',
  'cm/CMakeLists.txt':
    'cmake_minimum_required(VERSION 3.10)\nproject(add C)\nenable_testing()\nadd_executable(add_test add_test.c)\nadd_test(NAME add COMMAND add_test)\n',
  'cm/add_test.c': 'int main(void) { return (2 + 3 == 5) ? 0 : 1; }\n',
};

function present(command: string, ...args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const toolchains = {
  pytest: present('python3', '-m', 'pytest', '--version'),
  go: present('go', 'version'),
  cargo: present('cargo', '--version'),
  cmake: present('cmake', '--version'),
};

let scratch: Scratch;
let repo: string;
let outputs: string[] = [];

beforeAll(async () => {
  scratch = await createScratch();
  repo = await createGitRepo(scratch.root, { 'README.md': '# toolchains\n' });
  for (const [path, content] of Object.entries(projects)) {
    await mkdir(dirname(join(repo, path)), { recursive: true });
    await writeFile(join(repo, path), content, { mode: path.includes('.bin/') ? 0o755 : 0o644 });
  }
  const long = 300_000;
  const result = await runModelCommands({
    repo,
    // The user's real home: toolchain managers (rustup, pyenv) live there and are read, never written.
    env: { ...scratch.env, HOME: homedir(), ZAI_API_KEY: 'test-key' },
    commands: [
      { command: 'npm test && npx --no-install local-runner', cwd: 'node', timeout_ms: long },
      { command: 'python3 -m pytest -q', cwd: 'py', timeout_ms: long },
      { command: 'go test ./...', cwd: 'go', timeout_ms: long },
      { command: 'cargo test --offline', cwd: 'rs', timeout_ms: long },
      {
        command: 'cmake -S . -B build && cmake --build build && ctest --test-dir build',
        cwd: 'cm',
        timeout_ms: long,
      },
    ],
  });
  expect(result.run.exitCode).toBe(0);
  outputs = result.outputs;
}, 900_000);
afterAll(() => scratch.cleanup());

describe('toolchains inside the sandbox (workspace-write, network off)', () => {
  it('npm test and npx of a local tool', () => {
    expect(outputs[0]).toContain('# pass 1');
    expect(outputs[0]).toContain('local runner ran: 5');
    expect(outputs[0]).toContain('[Exit code 0]');
  });

  // Each toolchain below is tested where it is installed (CI installs golang-go; the image has the others).
  it.skipIf(!toolchains.pytest)('python3 -m pytest', () => {
    expect(outputs[1]).toContain('1 passed');
    expect(outputs[1]).toContain('[Exit code 0]');
  });

  it.skipIf(!toolchains.go)('go test (GOCACHE in the private cache)', () => {
    expect(outputs[2]).toMatch(/ok\s+example\.com\/add/);
    expect(outputs[2]).toContain('[Exit code 0]');
  });

  it.skipIf(!toolchains.cargo)('cargo test --offline (CARGO_HOME read, target/ written)', () => {
    expect(outputs[3]).toContain('test tests::adds ... ok');
    expect(outputs[3]).toContain('[Exit code 0]');
  });

  it.skipIf(!toolchains.cmake)('a CMake build and its ctest', () => {
    expect(outputs[4]).toContain('100% tests passed');
    expect(outputs[4]).toContain('[Exit code 0]');
  });
});
