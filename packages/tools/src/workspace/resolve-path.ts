// Path confinement lives in core, beside the file-change application that needs it; the tools import it from here.
export type { ResolvedPath, ResolvePathOptions } from '@wright/core/internal';
export { resolveWorkspacePath } from '@wright/core/internal';
