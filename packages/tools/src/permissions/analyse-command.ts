import type { Node } from 'web-tree-sitter';
import { normaliseCommand } from './normalise-command.js';
import { parseShell } from './shell-parser.js';
import { type ShellWord, wordValue } from './shell-words.js';

/** A redirection as written: `> file`, `>> ~/.bashrc`, `2>&1`, `< /dev/tcp/host/80`. */
export type ShellRedirect = {
  /** The operator: `>`, `>>`, `&>`, `&>>`, `>|`, `<`, `>&`, `<&`, ... */
  operator: string;
  /** Where it points; undefined for a closed descriptor. */
  target?: ShellWord;
  /** True unless it only duplicates a descriptor, discards output (`/dev/null`) or reads a plain file. */
  risky: boolean;
};

/** One simple command anywhere in the line: a part of a compound, a subshell or a substitution. */
export type ShellCommand = {
  /** The command name and its arguments, as the shell would pass them. */
  words: ShellWord[];
  /** How many `NAME=value` assignments precede it (they change what it does: `GIT_DIR=..`, `LD_PRELOAD=..`). */
  assignments: number;
  /** Redirections applied to this command alone. */
  redirects: ShellRedirect[];
};

/** What a command line does, as far as permission rules need to know. */
export type CommandAnalysis =
  | {
      ok: true;
      /** Every simple command, in source order (nested substitutions included). */
      commands: ShellCommand[];
      /**
       * Commands the deny rules must also see: wrappers unwrapped (`env`, `sudo`, `xargs`, `find -exec`, ...),
       * absolute paths reduced to names, and the scripts of `bash -c '…'` and `eval '…'` parsed in turn.
       */
      effective: ShellWord[][];
      /** Risky redirections that belong to no single command (`{ a; b; } > file`). */
      sharedRedirects: ShellRedirect[];
      /** True when a bare `NAME=value` changes what later commands do (`PATH=/tmp; git status`). */
      looseAssignments: boolean;
      /** Why part of the line cannot be checked (`bash -c "$X"`), if so: deny rules then fail closed. */
      opaque?: string;
      /** Work done (nodes and words looked at): proportional to the command's length. */
      steps: number;
    }
  | { ok: false; reason: string; steps: number };

/**
 * Limits on what is handed to the parser. tree-sitter-bash is fast on ordinary command lines but slow on some long
 * hostile ones (error recovery on `a | a | … |` is quadratic: 4 KB took 0.7 s, 32 KB 16 s, 64 KB exhausted its
 * memory). A command over either limit is refused by a linear pre-scan without parsing: allow rules do not cover
 * it and deny rules fail closed. So the whole check is linear in the command's length.
 */
export const analysisLimits = {
  /** Characters. */
  maximumLength: 16 * 1024,
  /** Control characters (`| & ; ( ) { } < > \``, newlines) anywhere in the line, quoted or not. */
  maximumOperators: 256,
};
const maximumScriptDepth = 3;

/** Parses a command line with tree-sitter-bash and lists its commands, redirections and effective commands. */
export async function analyseCommand(command: string, depth = 0): Promise<CommandAnalysis> {
  if (command.length > analysisLimits.maximumLength) {
    return { ok: false, reason: `it is longer than ${analysisLimits.maximumLength} characters`, steps: 1 };
  }
  let operators = 0;
  for (let index = 0; index < command.length; index++) {
    if (operatorCharacters.has(command.charCodeAt(index))) operators += 1;
  }
  if (operators > analysisLimits.maximumOperators) {
    return {
      ok: false,
      reason: `it is too complex to check (more than ${analysisLimits.maximumOperators} operators)`,
      steps: command.length,
    };
  }
  const parsed = await parseShell(command);
  if (!parsed.ok) return { ok: false, reason: parsed.reason, steps: command.length };
  let walked: ReturnType<typeof walk>;
  try {
    walked = walk(parsed.root);
  } finally {
    parsed.release();
  }
  let steps = walked.steps + command.length;
  const effective: ShellWord[][] = [];
  let opaque: string | undefined;
  for (const found of walked.commands) {
    const normalised = normaliseCommand(found.words);
    steps += found.words.length + 1;
    effective.push(...normalised.commands);
    for (const script of normalised.scripts) {
      if (script.dynamic) {
        opaque ??= `the script of \`${found.words[0]?.text ?? ''}\` is only known when it runs`;
        continue;
      }
      if (depth >= maximumScriptDepth) {
        opaque ??= 'scripts are nested too deeply';
        continue;
      }
      const inner = await analyseCommand(script.text, depth + 1);
      steps += inner.steps;
      if (!inner.ok) {
        opaque ??= `an inner script cannot be checked: ${inner.reason}`;
        continue;
      }
      effective.push(...inner.effective);
      if (inner.opaque !== undefined) opaque ??= inner.opaque;
    }
  }
  return {
    ok: true,
    commands: walked.commands,
    effective,
    sharedRedirects: walked.sharedRedirects,
    looseAssignments: walked.looseAssignments,
    ...(opaque !== undefined ? { opaque } : {}),
    steps,
  };
}

const operatorCharacters = new Set([...'|&;(){}<>`\n'].map((character) => character.charCodeAt(0)));

type Frame = { node: Node; owner: ShellCommand | null };

// An explicit stack instead of recursion: `$($($(…` nested 60,000 deep must not overflow the JS stack.
function walk(root: Node) {
  const commands: ShellCommand[] = [];
  const sharedRedirects: ShellRedirect[] = [];
  const built = new Map<number, ShellCommand>();
  let looseAssignments = false;
  let steps = 0;
  const count = () => {
    steps += 1;
  };
  const commandOf = (node: Node): ShellCommand => {
    const known = built.get(node.id);
    if (known) return known;
    const record = buildCommand(node, count);
    built.set(node.id, record);
    commands.push(record);
    return record;
  };
  const stack: Frame[] = [{ node: root, owner: null }];
  while (stack.length > 0) {
    const { node, owner } = stack.pop()!;
    count();
    let childOwner = owner;
    switch (node.type) {
      case 'command':
      case 'declaration_command':
      case 'unset_command':
        childOwner = commandOf(node);
        break;
      case 'redirected_statement': {
        const body = node.childForFieldName('body');
        childOwner = body?.type === 'command' ? commandOf(body) : null;
        break;
      }
      case 'variable_assignment':
      case 'variable_assignments': {
        const parent = node.parent?.type;
        if (parent !== 'command' && parent !== 'declaration_command') looseAssignments = true;
        break;
      }
      case 'file_redirect': {
        const redirect = fileRedirect(node, count);
        if (redirect.risky) (owner ? owner.redirects : sharedRedirects).push(redirect);
        // `echo >x hi`: tree-sitter reads `hi` as a second destination; the shell passes it to the command.
        const extra = node.children.filter(
          (_child, index) => node.fieldNameForChild(index) === 'destination',
        );
        for (const word of extra.slice(1)) if (word && owner) owner.words.push(wordValue(word, count));
        break;
      }
    }
    const children = node.children;
    for (let index = children.length - 1; index >= 0; index--) {
      const child = children[index];
      if (child?.isNamed) stack.push({ node: child, owner: childOwner });
    }
  }
  // Source order, so reasons and tests read naturally (the stack visits in order, substitutions first).
  return { commands, sharedRedirects, looseAssignments, steps };
}

function buildCommand(node: Node, count: () => void): ShellCommand {
  const words: ShellWord[] = [];
  let assignments = 0;
  if (node.type !== 'command') {
    // `export A=1`, `declare -x`, `unset PATH`: the keyword is the name, the rest its arguments.
    const keyword = node.children[0];
    if (keyword) words.push({ text: keyword.text, dynamic: false, glob: false });
  }
  // By node type, not field name: `fieldNameForChild(index)` walks the children, quadratic for long commands.
  for (const child of node.namedChildren) {
    if (child === null) continue;
    if (child.type === 'variable_assignment' && node.type === 'command') {
      assignments += 1;
      continue;
    }
    if (child.type.endsWith('_redirect')) continue;
    if (child.type === 'command_name') {
      const inner = child.namedChildren[0];
      if (inner) words.push(wordValue(inner, count));
      continue;
    }
    if (child.type === 'variable_assignment') {
      const value = child.childForFieldName('value');
      const valueWord = value ? wordValue(value, count) : { text: '', dynamic: false, glob: false };
      const name = child.childForFieldName('name')?.text ?? '';
      words.push({ text: `${name}=${valueWord.text}`, dynamic: valueWord.dynamic, glob: valueWord.glob });
      continue;
    }
    words.push(wordValue(child, count));
  }
  return { words, assignments, redirects: [] };
}

const discardTargets = new Set(['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/fd/1', '/dev/fd/2']);

function fileRedirect(node: Node, count: () => void): ShellRedirect {
  const operator = node.children.find((child) => child !== null && !child.isNamed)?.text ?? '';
  const destination = node.childForFieldName('destination');
  const target = destination ? wordValue(destination, count) : undefined;
  const network = target !== undefined && /^\/dev\/(tcp|udp)\//.test(target.text);
  const duplicates = (operator === '>&' || operator === '<&') && /^(\d+-?|-)$/.test(target?.text ?? '-');
  const reads = operator === '<' || operator === '<&';
  let risky: boolean;
  if (target === undefined || duplicates) risky = false;
  else if (target.dynamic || target.glob || network) risky = true;
  else if (reads) risky = false;
  else risky = !discardTargets.has(target.text);
  return { operator, ...(target ? { target } : {}), risky };
}
