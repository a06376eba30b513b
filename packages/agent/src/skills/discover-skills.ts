import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parseFrontMatter, textField } from '../front-matter.js';

/** A skill found on disk: an Agent Skills folder with a `SKILL.md`. */
export type Skill = {
  /** The skill's name (front matter `name`, else the folder name); unique among the skills of a session. */
  name: string;
  /** When to use it (front matter `description`, on one line, at most 1024 characters). */
  description: string;
  /** The skill folder, absolute and symlink-resolved. */
  directory: string;
  /** Where it is shown to the model and the user: project-relative (`.wright/skills/review`) or absolute. */
  location: string;
  /** `project` (repository content: untrusted text) or `user` (the user's config directory). */
  scope: 'project' | 'user';
};

/** What `discoverSkills` found, and the skill folders it left out (with why). */
export type DiscoveredSkills = {
  /** Sorted by name (code-point order), so the prompt's listing is the same for the same folders. */
  skills: Skill[];
  /** One line per skipped folder: a missing description, unreadable front matter, a duplicate name, ... */
  problems: string[];
};

/** Where skills are looked for in a project, first found wins for a name. */
export const projectSkillDirectories = ['.wright/skills', '.agents/skills', '.claude/skills'] as const;

/** Longest description kept (the Agent Skills format's limit). */
export const maximumDescriptionLength = 1024;
/** SKILL.md files larger than this are skipped. */
const maximumSkillFileBytes = 256 * 1024;
const skillNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Finds skills: each folder holding a `SKILL.md` directly under `.wright/skills/`, `.agents/skills/` and
 * `.claude/skills/` of the project, then under `<userDirectory>/skills/`. A name found twice keeps the first (project
 * before user, in that folder order). Project skill folders must resolve inside the project (a symlink out of it is
 * skipped). Only the front matter is read here; the body is loaded on demand by the `skill` tool.
 */
export async function discoverSkills(options: {
  /** The project directory (where `.wright/` is). */
  projectDirectory: string;
  /** The user's config directory (`~/.config/wright`); its `skills/` folder is searched after the project's. */
  userDirectory?: string;
}): Promise<DiscoveredSkills> {
  const found = new Map<string, Skill>();
  const problems: string[] = [];
  const projectRoot = await realpath(options.projectDirectory).catch(() => options.projectDirectory);
  const roots: { path: string; scope: Skill['scope'] }[] = projectSkillDirectories.map((path) => ({
    path: join(projectRoot, path),
    scope: 'project',
  }));
  if (options.userDirectory !== undefined)
    roots.push({ path: join(options.userDirectory, 'skills'), scope: 'user' });
  for (const root of roots) {
    const entries = await readdir(root.path).catch(() => [] as string[]);
    for (const entry of [...entries].sort()) {
      if (entry.startsWith('.')) continue;
      const directory = await realpath(join(root.path, entry)).catch(() => undefined);
      if (directory === undefined || !(await isDirectory(directory))) continue;
      const location =
        root.scope === 'project' ? relative(projectRoot, join(root.path, entry)) : join(root.path, entry);
      if (root.scope === 'project' && !isInside(projectRoot, directory)) {
        problems.push(`${location}: skipped, the folder links outside the project`);
        continue;
      }
      const skill = await readSkill(directory, entry, location, root.scope);
      if (typeof skill === 'string') {
        if (skill !== '') problems.push(`${location}: ${skill}`);
        continue;
      }
      const first = found.get(skill.name);
      if (first !== undefined) {
        problems.push(`${location}: skipped, the skill "${skill.name}" is already in ${first.location}`);
        continue;
      }
      found.set(skill.name, skill);
    }
  }
  const skills = [...found.values()].sort((left, right) => (left.name < right.name ? -1 : 1));
  return { skills, problems };
}

/** The skill of one folder, a problem message, or '' when the folder has no SKILL.md (not a skill). */
async function readSkill(
  directory: string,
  folderName: string,
  location: string,
  scope: Skill['scope'],
): Promise<Skill | string> {
  const file = join(directory, 'SKILL.md');
  const info = await stat(file).catch(() => undefined);
  if (info === undefined || !info.isFile()) return '';
  if (info.size > maximumSkillFileBytes) return `skipped, SKILL.md is larger than 256 KB`;
  const parsed = parseFrontMatter(await readFile(file, 'utf8'));
  if (!parsed.ok) return `skipped, ${parsed.message}`;
  const { fields } = parsed.document;
  const name = textField(fields, 'name') ?? folderName;
  if (!skillNamePattern.test(name)) {
    return `skipped, the name "${name}" is not letters, digits, ".", "_" or "-" (at most 64)`;
  }
  const description = textField(fields, 'description');
  if (description === undefined) return 'skipped, SKILL.md has no description in its front matter';
  const clipped =
    description.length <= maximumDescriptionLength
      ? description
      : `${description.slice(0, maximumDescriptionLength - 1)}…`;
  return { name, description: clipped, directory, location, scope };
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() === true;
}

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
}
