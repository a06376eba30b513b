import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Writes a small tree exercising .gitignore (nested, negated), hidden files, binaries and symlinks. */
export async function writeSearchTree(root: string): Promise<void> {
  const files: Record<string, string | Buffer> = {
    '.gitignore': 'node_modules/\n*.log\nbuild\n!keep.log\n',
    'README.md': 'Wright searches\nTODO: docs\n',
    'src/a.ts': 'export const alpha = 1;\n// TODO: alpha\nfunction parse(x) { return x; }\n',
    'src/b.ts': 'import { alpha } from "./a";\r\nconst ToDo = "mixed case todo";\r\n',
    'src/nested/.gitignore': 'secret.ts\n!important.log\n',
    'src/nested/secret.ts': 'TODO secret\n',
    'src/nested/visible.ts': 'TODO visible (parens) [brackets]\n',
    'src/nested/important.log': 'TODO important log\n',
    'src/debug.log': 'TODO ignored log\n',
    'keep.log': 'TODO kept log\n',
    'node_modules/pkg/index.js': 'TODO in node_modules\n',
    'build/out.js': 'TODO built\n',
    '.hidden/config': 'TODO hidden\n',
    '.git/HEAD': 'TODO git internals\n',
    'image.bin': Buffer.from('TODO\0binary\n'),
    'unicode.txt': 'naïve TODO — café\n',
    'a-long-name/with spaces.txt': 'TODO spaces\n',
  };
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), content);
  }
  await symlink(path.join(root, 'src'), path.join(root, 'src-link'));
}
