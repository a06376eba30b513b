import type { Node } from 'web-tree-sitter';

/** One word of a command as the shell would pass it, when that can be known before running it. */
export type ShellWord = {
  /** The word after quote removal and escapes (`'git'` → `git`, `\rm` → `rm`); the source text when dynamic. */
  text: string;
  /** True when the value is only known at run time: `$VAR`, `${...}`, `$(...)`, backticks, `$((...))`. */
  dynamic: boolean;
  /** True for an unquoted glob or brace pattern (`*.js`, `{a,b}`), which the shell expands into file names. */
  glob: boolean;
};

/**
 * The value of a word node (`word`, `number`, `raw_string`, `string`, `ansi_c_string`, `concatenation`, ...).
 * Substitutions are not entered here (the command walk finds the commands inside them); the word is just dynamic.
 * `count` is called once per node looked at, so the cost is measurable.
 */
export function wordValue(node: Node, count: () => void): ShellWord {
  count();
  switch (node.type) {
    case 'word': {
      const raw = node.text;
      return {
        text: raw.replace(/\\\n/g, '').replace(/\\(.)/gs, '$1'),
        dynamic: false,
        glob: /(^|[^\\])[*?[]/.test(raw) || /(^|[^\\])\{[^}]*(,|\.\.)[^}]*\}/.test(raw),
      };
    }
    case 'number':
    case 'variable_name':
      return { text: node.text, dynamic: false, glob: false };
    case 'raw_string':
      return { text: node.text.slice(1, -1), dynamic: false, glob: false };
    case 'ansi_c_string':
      return decodeAnsiC(node.text);
    case 'string':
    case 'translated_string':
      return stringValue(node, count);
    case 'concatenation': {
      const parts = node.children.map((child) =>
        child === null || (!child.isNamed && child.type === '$')
          ? { text: '$', dynamic: true, glob: false }
          : wordValue(child, count),
      );
      return {
        text: parts.map((part) => part.text).join(''),
        dynamic: parts.some((part) => part.dynamic),
        glob: parts.some((part) => part.glob),
      };
    }
    default:
      return { text: node.text, dynamic: true, glob: node.type === 'brace_expression' };
  }
}

function stringValue(node: Node, count: () => void): ShellWord {
  let text = '';
  let dynamic = false;
  for (const child of node.children) {
    if (child === null) continue;
    count();
    if (child.type === 'string_content')
      text += child.text.replace(/\\\n/g, '').replace(/\\([$`"\\])/g, '$1');
    else if (child.isNamed || child.type === '$') {
      dynamic = true;
      text += child.text;
    }
  }
  return { text, dynamic, glob: false };
}

const simpleEscapes: Record<string, string> = {
  a: '\u0007',
  b: '\b',
  e: '\u001b',
  E: '\u001b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

// `$'\x72m'` is `rm`: decoded so deny rules see through it. Anything not understood makes the word dynamic.
function decodeAnsiC(source: string): ShellWord {
  const body = source.slice(2, -1);
  let text = '';
  let dynamic = false;
  for (let index = 0; index < body.length; index++) {
    const character = body[index]!;
    if (character !== '\\') {
      text += character;
      continue;
    }
    const next = body[index + 1] ?? '';
    const escaped = simpleEscapes[next];
    if (escaped !== undefined) {
      text += escaped;
      index += 1;
      continue;
    }
    const code = /^(x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{1,4}|U[0-9A-Fa-f]{1,8}|[0-7]{1,3})/.exec(
      body.slice(index + 1),
    );
    if (code) {
      const digits = code[1]!;
      const value = /^[0-7]/.test(digits) ? Number.parseInt(digits, 8) : Number.parseInt(digits.slice(1), 16);
      if (value <= 0x10ffff) text += String.fromCodePoint(value);
      else dynamic = true;
      index += digits.length;
      continue;
    }
    dynamic = true;
    text += next;
    index += 1;
  }
  return { text: dynamic ? source : text, dynamic, glob: false };
}
