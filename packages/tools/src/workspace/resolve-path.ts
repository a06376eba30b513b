// Path confinement lives in core, beside the file-change application that needs it; the tools import it from here.
export type { ResolvedPath, ResolvePathOptions } from '@wright/core';
export { resolveWorkspacePath } from '@wright/core';
