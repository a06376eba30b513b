import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseFrontMatter, textField } from '../front-matter.js';

/** A custom command: a markdown prompt template that becomes `/name` in chat and `wright run --command name`. */
export type CustomCommand = {
  /** The file name without `.md`. */
  name: string;
  /** Front matter `description`, when given (shown by `/help` and in errors). */
  description?: string;
  /** The prompt template: the file's body after the front matter, trimmed. */
  template: string;
  /** Where it was found, for people: project-relative (`.wright/commands/review.md`) or absolute. */
  location: string;
  /** `project` (`.wright/commands/`, repository content) or `user` (the user's config directory). */
  scope: 'project' | 'user';
};

/** What `loadCustomCommands` found, and the files it left out (with why). */
export type LoadedCommands = {
  /** Sorted by name. A project command hides a user command of the same name. */
  commands: CustomCommand[];
  problems: string[];
};

const commandNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const maximumCommandBytes = 256 * 1024;

/** Reads the `*.md` files of `<project>/.wright/commands/`, then `<userDirectory>/commands/`. */
export async function loadCustomCommands(options: {
  /** The project directory (where `.wright/` is). */
  projectDirectory: string;
  /** The user's config directory (`~/.config/wright`). */
  userDirectory?: string;
}): Promise<LoadedCommands> {
  const folders: { path: string; scope: CustomCommand['scope'] }[] = [
    { path: join(options.projectDirectory, '.wright', 'commands'), scope: 'project' },
  ];
  if (options.userDirectory !== undefined)
    folders.push({ path: join(options.userDirectory, 'commands'), scope: 'user' });
  const found = new Map<string, CustomCommand>();
  const problems: string[] = [];
  for (const folder of folders) {
    const entries = await readdir(folder.path).catch(() => [] as string[]);
    for (const entry of [...entries].sort()) {
      if (!entry.endsWith('.md') || entry.startsWith('.')) continue;
      const file = join(folder.path, entry);
      const location = folder.scope === 'project' ? relative(options.projectDirectory, file) : file;
      const name = entry.slice(0, -'.md'.length);
      const info = await stat(file).catch(() => undefined);
      if (info === undefined || !info.isFile()) continue;
      if (!commandNamePattern.test(name)) {
        problems.push(`${location}: skipped, a command name is letters, digits, ".", "_" or "-"`);
        continue;
      }
      if (found.has(name)) continue;
      if (info.size > maximumCommandBytes) {
        problems.push(`${location}: skipped, larger than 256 KB`);
        continue;
      }
      const parsed = parseFrontMatter(await readFile(file, 'utf8'));
      if (!parsed.ok) {
        problems.push(`${location}: skipped, ${parsed.message}`);
        continue;
      }
      const description = textField(parsed.document.fields, 'description');
      found.set(name, {
        name,
        template: parsed.document.body.trim(),
        location,
        scope: folder.scope,
        ...(description === undefined ? {} : { description }),
      });
    }
  }
  const commands = [...found.values()].sort((left, right) => (left.name < right.name ? -1 : 1));
  return { commands, problems };
}

/**
 * The prompt of a command run with `args`, as Claude Code fills it: `$ARGUMENTS` is `raw` (the arguments as typed,
 * quotes and all), else every argument joined with spaces; `$1` … `$9` are the single ones (empty when missing). A
 * template that uses none of them gets the arguments appended on a last line, `ARGUMENTS: …`, so they are never lost.
 */
export function expandCustomCommand(
  command: Pick<CustomCommand, 'template'>,
  args: readonly string[],
  raw?: string,
): string {
  const all = raw ?? args.join(' ');
  let used = false;
  const expanded = command.template.replace(/\$ARGUMENTS\b|\$([1-9])(?![0-9])/g, (_match, digit?: string) => {
    used = true;
    return digit === undefined ? all : (args[Number(digit) - 1] ?? '');
  });
  if (used || all === '') return expanded;
  return `${expanded}\n\nARGUMENTS: ${all}`;
}
