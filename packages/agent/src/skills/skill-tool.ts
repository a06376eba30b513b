import { readFileSync } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { type Tool, wrightError } from '@wright/core';
import { defineTool } from '@wright/tools';
import { describeBinary, looksBinary } from '@wright/tools/internal';
import { z } from 'zod';
import { parseFrontMatter } from '../front-matter.js';
import type { Skill } from './discover-skills.js';

const description = readFileSync(new URL('./skill.prompt.md', import.meta.url), 'utf8');

/** Largest file the tool returns (bytes). */
const maximumFileBytes = 256 * 1024;
/** Files listed of one skill folder. */
const maximumListedFiles = 200;

const input = z.object({
  name: z.string().min(1).describe('The skill name, as listed under "Skills" in the system prompt.'),
  file: z
    .string()
    .min(1)
    .optional()
    .describe('A file of the skill to read, relative to its folder. Omit it to load the skill itself.'),
});

/**
 * Creates the `skill` tool over a fixed list of skills (the session's, from `discoverSkills`): without `file` it
 * returns the skill's SKILL.md body (front matter removed) and the files of its folder; with `file` it returns that
 * file, confined to the skill folder (symlinks out of it are refused). This is how a skill in the user's config
 * directory, outside the workspace, is read without widening `read_file`. The description does not name the
 * skills, so the tool list stays the same whatever skills exist.
 */
export function createSkillTool(skills: readonly Skill[]): Tool<z.infer<typeof input>> {
  const byName = new Map(skills.map((skill) => [skill.name, skill]));
  return defineTool({
    name: 'skill',
    description,
    effect: 'read',
    input,
    describe: async (call) => ({
      title: call.file === undefined ? `Load skill ${call.name}` : `Read ${call.file} of skill ${call.name}`,
    }),
    async run(call) {
      const skill = byName.get(call.name);
      if (skill === undefined) {
        const names = skills.map((entry) => entry.name);
        throw wrightError('tool', `No skill is named "${call.name}".`, {
          hint: names.length === 0 ? 'No skills are installed.' : `The skills are: ${names.join(', ')}.`,
        });
      }
      if (call.file !== undefined) return { output: await readSkillFile(skill, call.file) };
      return { output: await loadSkill(skill) };
    },
  });
}

async function loadSkill(skill: Skill): Promise<string> {
  const text = await readLimited(join(skill.directory, 'SKILL.md'), 'SKILL.md');
  const parsed = parseFrontMatter(text);
  const body = (parsed.ok ? parsed.document.body : text).trim();
  const files = await listFiles(skill.directory);
  const lines = [`Skill "${skill.name}" (${skill.location}):`, '', body];
  const others = files.paths.filter((path) => path !== 'SKILL.md');
  if (others.length > 0) {
    lines.push('', "Files in the skill's folder (read one with this tool's `file` argument):");
    for (const path of others) lines.push(`- ${path}`);
    if (files.truncated) lines.push(`- … (only the first ${maximumListedFiles} are listed)`);
  }
  return lines.join('\n');
}

async function readSkillFile(skill: Skill, file: string): Promise<string> {
  const resolved = await realpath(join(skill.directory, file)).catch(() => undefined);
  if (resolved === undefined) {
    throw wrightError('tool', `Skill "${skill.name}" has no file ${file}.`, {
      hint: 'Load the skill without `file` to see the list of its files.',
    });
  }
  if (!resolved.startsWith(`${skill.directory}${sep}`)) {
    throw wrightError(
      'tool',
      `${file} is outside the folder of skill "${skill.name}"; only its own files can be read.`,
    );
  }
  const path = relative(skill.directory, resolved);
  const content = await readLimited(resolved, path);
  return `${path} of skill "${skill.name}":\n\n${content}`;
}

async function readLimited(path: string, shown: string): Promise<string> {
  const info = await stat(path);
  if (!info.isFile()) throw wrightError('tool', `${shown} is not a file.`);
  if (info.size > maximumFileBytes) throw wrightError('tool', `${shown} is larger than 256 KB; not shown.`);
  const content = await readFile(path);
  if (looksBinary(content))
    return `${shown} is a binary file (${describeBinary(shown, content)}); not shown.`;
  return content.toString('utf8').replace(/^\uFEFF/, '');
}

/** Files under a skill folder (relative, sorted, dot-entries left out), breadth first, at most 200. */
async function listFiles(root: string): Promise<{ paths: string[]; truncated: boolean }> {
  const paths: string[] = [];
  const queue = [''];
  while (queue.length > 0) {
    const directory = queue.shift() as string;
    const entries = await readdir(join(root, directory), { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((left, right) => (left.name < right.name ? -1 : 1))) {
      if (entry.name.startsWith('.')) continue;
      const path = directory === '' ? entry.name : `${directory}/${entry.name}`;
      if (entry.isDirectory()) queue.push(path);
      else if (entry.isFile()) paths.push(path);
      if (paths.length >= maximumListedFiles) return { paths, truncated: true };
    }
  }
  return { paths, truncated: false };
}
