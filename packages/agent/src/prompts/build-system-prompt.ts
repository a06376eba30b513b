import { readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { Skill } from '../skills/discover-skills.js';
import { formatSkillsSection } from '../skills/skills-prompt.js';

/**
 * The system prompt: `system.md` with the date filled in, followed by every `AGENTS.md` from the repository root
 * (or the filesystem root when there is no repository) down to the workspace, outermost first, then the list of
 * `skills` (names and descriptions only; see `discoverSkills`).
 */
export async function buildSystemPrompt(
  workspaceRoot: string,
  now: Date = new Date(),
  options: { skills?: readonly Skill[] } = {},
): Promise<string> {
  const template = await readFile(new URL('./system.md', import.meta.url), 'utf8');
  const base = template.replaceAll('{{date}}', now.toISOString().slice(0, 10)).trimEnd();
  const sections: string[] = [];
  for (const file of await findAgentsFiles(workspaceRoot)) {
    const text = (await readFile(file, 'utf8')).trim();
    if (text === '') continue;
    const where = relative(workspaceRoot, file) || 'AGENTS.md';
    sections.push(`## Instructions from ${where}\n\n${text}`);
  }
  const parts = [base];
  if (sections.length > 0) parts.push(`# Project instructions (AGENTS.md)\n\n${sections.join('\n\n')}`);
  const skills = formatSkillsSection(options.skills ?? []);
  if (skills !== '') parts.push(skills);
  return `${parts.join('\n\n')}\n`;
}

/**
 * `AGENTS.md` files from the repository root down to `directory`, outermost first. Outside a repository only the
 * directory's own file counts (a stray `~/AGENTS.md` must not leak into every project).
 */
export async function findAgentsFiles(directory: string): Promise<string[]> {
  const found: string[] = [];
  const start = resolve(directory);
  let current = start;
  for (;;) {
    const candidate = join(current, 'AGENTS.md');
    if (await isFile(candidate)) found.unshift(candidate);
    if (await exists(join(current, '.git'))) return found;
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  const own = join(start, 'AGENTS.md');
  return found.includes(own) ? [own] : [];
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
