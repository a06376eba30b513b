import { wrightError } from '../errors.js';
import type { ModelRequest } from '../model-client.js';

const toolNamePattern = /^[a-zA-Z0-9_-]{1,64}$/;

/** Throws an `invalid-options` error when a request breaks a documented GLM limit (a programmer error). */
export function validateModelRequest(request: ModelRequest): void {
  const fail = (message: string) => {
    throw wrightError('invalid-options', message);
  };
  if (!Array.isArray(request.messages) || request.messages.length === 0) fail('messages must not be empty.');
  if (request.maxTokens !== undefined) {
    if (!Number.isInteger(request.maxTokens) || request.maxTokens < 1 || request.maxTokens > 131072) {
      fail(`maxTokens must be an integer in 1..131072, got ${request.maxTokens}.`);
    }
  }
  if (request.temperature !== undefined && !(request.temperature >= 0 && request.temperature <= 1)) {
    fail(`temperature must be in 0..1, got ${request.temperature}.`);
  }
  if (request.topP !== undefined && !(request.topP >= 0.01 && request.topP <= 1)) {
    fail(`topP must be in 0.01..1, got ${request.topP}.`);
  }
  if (request.stop !== undefined && (typeof request.stop !== 'string' || request.stop === '')) {
    fail('stop must be one non-empty string (GLM accepts a single stop string).');
  }
  if (request.userId !== undefined && (request.userId.length < 6 || request.userId.length > 128)) {
    fail('userId must be 6..128 characters.');
  }
  const names = new Set<string>();
  for (const tool of request.tools ?? []) {
    if (!toolNamePattern.test(tool.name))
      fail(`Tool name ${JSON.stringify(tool.name)} must match ^[a-zA-Z0-9_-]{1,64}$.`);
    if (names.has(tool.name)) fail(`Tool name ${JSON.stringify(tool.name)} is given twice.`);
    names.add(tool.name);
  }
  if ((request.tools?.length ?? 0) > 128) fail('At most 128 tools are allowed.');
}
