import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** One trusted project config. */
export type TrustedProject = {
  /** Real path of the project directory (the one holding `.wright/config.json`). */
  path: string;
  /** sha256 (hex) of the config file's bytes when it was trusted; a changed file is no longer trusted. */
  configSha256: string;
  /** ISO time it was trusted. */
  trustedAt: string;
};

type StoreFile = { version: 1; projects: TrustedProject[] };

/** Every trusted project in the store (none when the file does not exist). */
export async function readTrustedProjects(storeFile: string): Promise<TrustedProject[]> {
  let text: string;
  try {
    text = await readFile(storeFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<StoreFile>;
  return Array.isArray(parsed.projects)
    ? parsed.projects.filter(
        (entry) => typeof entry?.path === 'string' && typeof entry.configSha256 === 'string',
      )
    : [];
}

/** Whether the project at `path` is trusted with exactly this config content. */
export async function isTrusted(storeFile: string, path: string, configSha256: string): Promise<boolean> {
  const projects = await readTrustedProjects(storeFile);
  return projects.some((entry) => entry.path === path && entry.configSha256 === configSha256);
}

/** Trusts a project's current config (replacing an earlier entry for the same path). */
export async function trustProject(storeFile: string, path: string, configSha256: string): Promise<void> {
  const projects = (await readTrustedProjects(storeFile)).filter((entry) => entry.path !== path);
  projects.push({ path, configSha256, trustedAt: new Date().toISOString() });
  await writeStore(storeFile, projects);
}

/** Forgets a project; true when it was trusted. */
export async function revokeProject(storeFile: string, path: string): Promise<boolean> {
  const projects = await readTrustedProjects(storeFile);
  const kept = projects.filter((entry) => entry.path !== path);
  if (kept.length === projects.length) return false;
  await writeStore(storeFile, kept);
  return true;
}

// Through a temp file and a rename, readable by the user only: a torn or shared store must never grant trust.
async function writeStore(storeFile: string, projects: TrustedProject[]): Promise<void> {
  await mkdir(dirname(storeFile), { recursive: true, mode: 0o700 });
  const temporary = `${storeFile}.${randomBytes(4).toString('hex')}.tmp`;
  const content: StoreFile = { version: 1, projects };
  await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  await rename(temporary, storeFile);
}
