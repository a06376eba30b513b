import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type AgentDefinition, type AgentOrigin, parseAgentFile } from './agent-definition.js';

/** Agent definitions found on disk, sorted by name, and what was skipped or ignored on the way. */
export type LoadedAgents = { definitions: AgentDefinition[]; notes: string[] };

/** Where `loadAgentDefinitions` looks. */
export type AgentDirectories = {
  /** The project directory: `.wright/agents/` and `.claude/agents/` under it are read. */
  projectDirectory?: string;
  /** The user's agents directory, e.g. `~/.config/wright/agents` (the CLI passes `<config dir>/agents`). */
  userDirectory?: string;
};

/** Agent files larger than this are skipped: a definition is a prompt, not a data file. */
const maxFileBytes = 256 * 1024;

/**
 * Reads every `*.md` file of `.wright/agents/`, `.claude/agents/` (Claude Code's format, as is) and the user's agents
 * directory. A missing directory is fine; a broken file is skipped with a note. When two files define the same name,
 * the first in that order wins (the project's over the user's, as in Claude Code).
 */
export async function loadAgentDefinitions(directories: AgentDirectories): Promise<LoadedAgents> {
  const places: { directory: string; origin: AgentOrigin }[] = [];
  if (directories.projectDirectory !== undefined) {
    places.push({ directory: join(directories.projectDirectory, '.wright', 'agents'), origin: 'project' });
    places.push({ directory: join(directories.projectDirectory, '.claude', 'agents'), origin: 'project' });
  }
  if (directories.userDirectory !== undefined) {
    places.push({ directory: directories.userDirectory, origin: 'user' });
  }
  const byName = new Map<string, AgentDefinition>();
  const notes: string[] = [];
  for (const { directory, origin } of places) {
    for (const file of await markdownFiles(directory, origin === 'user')) {
      const path = join(directory, file);
      const size = await stat(path).then(
        (info) => info.size,
        () => 0,
      );
      if (size > maxFileBytes) {
        notes.push(`${path}: skipped, larger than ${maxFileBytes / 1024} KiB`);
        continue;
      }
      const text = await readFile(path, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      const parsed = parseAgentFile(text, path, origin);
      if (!parsed.ok) {
        notes.push(`agent skipped: ${parsed.message}`);
        continue;
      }
      notes.push(...parsed.notes);
      const earlier = byName.get(parsed.definition.name);
      if (earlier !== undefined) {
        notes.push(`${path}: agent "${parsed.definition.name}" is already defined by ${earlier.source}`);
        continue;
      }
      byName.set(parsed.definition.name, parsed.definition);
    }
  }
  const definitions = [...byName.values()].sort((left, right) => compare(left.name, right.name));
  return { definitions, notes };
}

/**
 * The directory's `*.md` file names, sorted; none when it does not exist. Symbolic links are followed only in the
 * user's own directory: a repository's link could point at any file of the machine and send it to the model.
 */
async function markdownFiles(directory: string, followLinks: boolean): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  return entries
    .filter(
      (entry) => (entry.isFile() || (followLinks && entry.isSymbolicLink())) && entry.name.endsWith('.md'),
    )
    .map((entry) => entry.name)
    .sort(compare);
}

/** Code-point order: the same on every machine and locale (the tool description must be byte-stable). */
function compare(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
