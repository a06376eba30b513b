/**
 * Loads the built Wright packages lazily. A piece that has not landed yet (or whose build failed) comes back as
 * undefined with the reason, so a suite can report exactly which rows are missing instead of failing.
 */
export async function loadPiece(specifier, exportName) {
  try {
    const module = await import(specifier);
    const value = module[exportName];
    if (value === undefined) return { value: undefined, why: `${specifier} does not export ${exportName}` };
    return { value, why: undefined };
  } catch (error) {
    return { value: undefined, why: `${specifier} failed to load: ${firstLine(error)}` };
  }
}

function firstLine(error) {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0];
}
