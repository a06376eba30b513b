import { createRequire } from 'node:module';
import type { Node, Parser } from 'web-tree-sitter';

/** A parsed command line: its syntax tree's root, to be released with `release` once read; or why not. */
export type ParsedShell =
  | {
      ok: true;
      /** The root (`program`) node. */
      root: Node;
      /** Frees the tree's WebAssembly memory. */
      release(): void;
    }
  | { ok: false; reason: string };

/**
 * Parses bash with tree-sitter-bash (WebAssembly, shipped inside the npm packages, nothing downloaded). The runtime
 * and grammar load once per process on first use (about 20 ms), so runs without command rules never pay for them.
 */
export async function parseShell(command: string): Promise<ParsedShell> {
  loading ??= loadParser();
  const parser = await loading;
  // Stop at the first syntax error: a command with one is refused anyway, and tree-sitter's error recovery on a
  // long broken line (`a | a | … |`) costs seconds and can exhaust its WebAssembly memory.
  const options = {
    progressCallback: (state: { hasError: boolean }) => state.hasError as unknown as undefined,
  };
  const tree = parser.parse(command, null, options);
  if (!tree) {
    parser.reset();
    return { ok: false, reason: 'it does not parse as bash' };
  }
  if (tree.rootNode.hasError) {
    tree.delete();
    return { ok: false, reason: 'it does not parse as bash' };
  }
  return { ok: true, root: tree.rootNode, release: () => tree.delete() };
}

// One loaded grammar per process: loading compiles 1.4 MB of WebAssembly, which must not happen per call.
let loading: Promise<Parser> | undefined;

async function loadParser(): Promise<Parser> {
  const { Parser, Language } = await import('web-tree-sitter');
  await Parser.init();
  const require = createRequire(import.meta.url);
  const bash = await Language.load(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'));
  const parser = new Parser();
  parser.setLanguage(bash);
  return parser;
}
