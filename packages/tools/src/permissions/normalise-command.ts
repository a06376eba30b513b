import type { ShellWord } from './shell-words.js';

/** What a command really runs, for deny rules. */
export type NormalisedCommand = {
  /** The command itself and every command it runs through a wrapper, each with its name reduced to a basename. */
  commands: ShellWord[][];
  /** Scripts it runs: the argument of `bash -c`, `sh -c`, ...; the arguments of `eval`, joined. */
  scripts: ShellWord[];
};

/**
 * Wrappers that run their argument as a command, with the options that take a value (skipped with it). `env` also
 * skips `NAME=value`; `timeout` also skips its duration. Documented in docs/security.md.
 */
const wrappers: Record<string, { valueOptions: string[]; skipFirst?: boolean; assignments?: boolean }> = {
  command: { valueOptions: [] },
  builtin: { valueOptions: [] },
  exec: { valueOptions: ['-a'] },
  env: { valueOptions: ['-u', '--unset', '-C', '--chdir', '-P'], assignments: true },
  sudo: {
    valueOptions: ['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '-T', '-R', '--user', '--group'],
  },
  doas: { valueOptions: ['-u', '-C'] },
  nice: { valueOptions: ['-n', '--adjustment'] },
  nohup: { valueOptions: [] },
  setsid: { valueOptions: [] },
  time: { valueOptions: [] },
  stdbuf: { valueOptions: ['-i', '-o', '-e', '--input', '--output', '--error'] },
  ionice: { valueOptions: ['-c', '-n', '-p', '-t', '--class', '--classdata'] },
  timeout: { valueOptions: ['-s', '-k', '--signal', '--kill-after'], skipFirst: true },
  watch: { valueOptions: ['-n', '--interval', '-d'] },
  xargs: {
    valueOptions: [
      '-I',
      '-n',
      '-P',
      '-d',
      '-E',
      '-L',
      '-s',
      '-a',
      '--max-args',
      '--max-procs',
      '--delimiter',
    ],
  },
};

const shells = new Set(['bash', 'sh', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'fish', 'busybox']);
const findExec = new Set(['-exec', '-execdir', '-ok', '-okdir']);

/** The basename of a command path: `/usr/bin/git` → `git`, `./rm` → `rm`. */
export function commandName(text: string): string {
  const slash = text.lastIndexOf('/');
  return slash === -1 ? text : text.slice(slash + 1);
}

/**
 * Unwraps `command git push`, `env -i A=1 git push`, `sudo -u root rm -rf /`, `timeout 5 rm …`, `xargs rm`,
 * `find . -exec rm {} +`, and finds the scripts of `bash -c '…'` and `eval '…'`. Each command keeps its wrapper
 * too (a deny rule may name `sudo` itself).
 */
export function normaliseCommand(words: readonly ShellWord[]): NormalisedCommand {
  const commands: ShellWord[][] = [];
  const scripts: ShellWord[] = [];
  let rest = words.slice();
  // Bounded: every round removes at least one word.
  while (rest.length > 0) {
    const name = rest[0]!;
    const base = name.dynamic ? name.text : commandName(name.text);
    commands.push([{ ...name, text: base }, ...rest.slice(1)]);
    if (name.dynamic) break;
    collectFindExec(base, rest, commands);
    if (base === 'eval') {
      const joined = rest.slice(1);
      if (joined.length > 0) {
        scripts.push({
          text: joined.map((word) => word.text).join(' '),
          dynamic: joined.some((word) => word.dynamic),
          glob: false,
        });
      }
      break;
    }
    if (shells.has(base)) {
      const script = shellScript(rest);
      if (script) scripts.push(script);
      break;
    }
    const wrapper = wrappers[base];
    if (!wrapper) break;
    rest = unwrap(rest.slice(1), wrapper);
  }
  return { commands, scripts };
}

function unwrap(
  args: ShellWord[],
  wrapper: { valueOptions: string[]; skipFirst?: boolean; assignments?: boolean },
): ShellWord[] {
  let index = 0;
  while (index < args.length) {
    const word = args[index]!;
    if (word.dynamic) break;
    const text = word.text;
    if (text === '--') {
      index += 1;
      break;
    }
    if (wrapper.assignments && /^[A-Za-z_][A-Za-z0-9_]*=/.test(text)) {
      index += 1;
      continue;
    }
    if (!text.startsWith('-') || text === '-') break;
    index += wrapper.valueOptions.includes(text) ? 2 : 1;
  }
  // `env -S 'git push'` splits its string into words.
  if (wrapper.assignments) {
    const split = args.findIndex((word) => word.text === '-S' || word.text === '--split-string');
    if (split !== -1 && split < index && args[split + 1] && !args[split + 1]!.dynamic) {
      const parts = args[split + 1]!.text.split(/\s+/).filter((part) => part !== '');
      return [...parts.map((text) => ({ text, dynamic: false, glob: false })), ...args.slice(index)];
    }
  }
  if (wrapper.skipFirst && index < args.length) index += 1;
  return args.slice(index);
}

// `bash -c 'script'`, `sh -ec 'script'`, `bash -lc "script"`: the first non-option word after the `c` flag. A shell
// with no script and no file (`… | bash`) runs what it reads: that cannot be seen, so it is a dynamic script. A
// script file (`bash build.sh`) is like any program (`make`, `npm test`): what it runs is not visible to rules.
function shellScript(words: ShellWord[]): ShellWord | undefined {
  let sawC = false;
  for (const word of words.slice(1)) {
    if (!sawC && /^-[A-Za-z]*c[A-Za-z]*$/.test(word.text)) {
      sawC = true;
      continue;
    }
    if (word.text.startsWith('-') || (!sawC && word.text.startsWith('+'))) continue;
    return sawC ? word : undefined;
  }
  return { text: words.map((word) => word.text).join(' '), dynamic: true, glob: false };
}

// `find . -name x -exec rm -rf {} +`: the words between -exec and `;` or `+` are a command.
function collectFindExec(base: string, words: ShellWord[], commands: ShellWord[][]): void {
  if (base !== 'find') return;
  for (let index = 1; index < words.length; index++) {
    if (!findExec.has(words[index]!.text)) continue;
    const end = words.findIndex((word, at) => at > index && (word.text === ';' || word.text === '+'));
    const inner = words.slice(index + 1, end === -1 ? undefined : end);
    if (inner.length > 0) commands.push(...normaliseCommand(inner).commands);
  }
}
