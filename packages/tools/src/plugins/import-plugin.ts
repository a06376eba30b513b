import { pathToFileURL } from 'node:url';
import { wrightError } from '@wright/core';

/** Extensions loaded through the TypeScript loader; everything else goes to Node's own `import()`. */
const typeScriptFile = /\.[mc]?ts$/;

/**
 * Imports a plugin module. JavaScript goes through Node's `import()`; TypeScript (`.ts`, `.mts`, `.cts`) through
 * jiti, which strips types in-process on Node 20 (no native binary, no global loader hook, no cache files: every
 * load transpiles afresh, so nothing another user wrote to a shared cache folder is ever executed).
 * A failure throws an error naming the plugin file and the cause; a plugin importing Wright's packages that are
 * not installed next to it gets the migration to the host API.
 */
export async function importPlugin(file: string, label: string): Promise<Record<string, unknown>> {
  try {
    if (!typeScriptFile.test(file))
      return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const { createJiti } = await import('jiti');
    const jiti = createJiti(pathToFileURL(file).href, {
      fsCache: false,
      moduleCache: false,
      tryNative: false,
    });
    return (await jiti.import(file)) as Record<string, unknown>;
  } catch (error) {
    throw describeImportFailure(error, label, file);
  }
}

function describeImportFailure(error: unknown, label: string, file: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  const missing = /Cannot find (?:package|module) '([^']+)'/.exec(message)?.[1];
  if (missing !== undefined && /^(@wright\/[a-z-]+|zod)(\/|$)/.test(missing)) {
    return wrightError(
      'invalid-options',
      `${label}: it imports '${missing}', which is not installed next to it.`,
      {
        hint: "Plugins need nothing installed: export default ({ defineTool, z }) => [...] and use what Wright passes in, with 'import type' for editor help (see docs/plugins.md)",
      },
    );
  }
  if (missing !== undefined && /^[./]|^file:/.test(missing)) {
    return wrightError('invalid-options', `${label}: it imports ${missing}, which does not exist.`, {
      hint: 'Fix the import path in the plugin',
    });
  }
  if (missing !== undefined) {
    return wrightError('invalid-options', `${label}: it imports '${missing}', which cannot be found.`, {
      hint: `Install it where the plugin is (npm install ${missing}), or drop the import`,
    });
  }
  return wrightError(
    'invalid-options',
    `${label}: it failed to load: ${describeCause(error, message, file)}`,
    {
      hint: 'Fix the plugin file',
    },
  );
}

/** The first line of the message, plus where in the plugin file when the loader says (jiti in the message, Node in the stack). */
function describeCause(error: unknown, message: string, file: string): string {
  const lines = message.split('\n').map((line) => line.trim());
  const cause = (lines[0] ?? message).replace(/^ParseError: /, '');
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const place = [...lines, stack.split('\n')[0] ?? '']
    .map((line) => line.replace(pathToFileURL(file).href, file))
    .find((line) => line.startsWith(`${file}:`));
  const position = place === undefined ? null : /:(\d+)(?::(\d+))?$/.exec(place);
  if (position === null) return cause;
  return `${cause} (line ${position[1]}${position[2] === undefined ? '' : `, column ${position[2]}`})`;
}
