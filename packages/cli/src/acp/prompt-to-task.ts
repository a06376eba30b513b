import nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContentBlock } from '@agentclientprotocol/sdk';

/**
 * The user message a prompt's content blocks make: text as given; an embedded resource (a file or selection the
 * editor attached) as its path and a fenced copy; a resource link as its path, for the model to read; images and
 * audio (not advertised) as a one-line note.
 */
export function promptToTask(blocks: ContentBlock[], cwd: string): string {
  const parts: string[] = [];
  for (const block of blocks) {
    if (block.type === 'text') parts.push(block.text);
    else if (block.type === 'resource') {
      const where = displayPath(block.resource.uri, cwd);
      if ('text' in block.resource) {
        const fence = block.resource.text.includes('```') ? '````' : '```';
        parts.push(`Attached ${where}:\n${fence}\n${block.resource.text.replace(/\n$/, '')}\n${fence}`);
      } else {
        parts.push(`Attached ${where} (binary content, not shown).`);
      }
    } else if (block.type === 'resource_link') {
      parts.push(`See ${displayPath(block.uri, cwd)}${block.name === '' ? '' : ` (${block.name})`}.`);
    } else {
      parts.push(`(An ${block.type} was attached; Wright cannot read ${block.type} content.)`);
    }
  }
  return parts.join('\n\n').trim();
}

/** A file URI as a path relative to the workspace when it is inside it; any other URI as given. */
export function displayPath(uri: string, cwd: string): string {
  if (!uri.startsWith('file://')) return uri;
  let absolute: string;
  try {
    absolute = fileURLToPath(uri);
  } catch {
    return uri;
  }
  const relative = nodePath.relative(cwd, absolute);
  return relative === '' || relative.startsWith('..') || nodePath.isAbsolute(relative) ? absolute : relative;
}
