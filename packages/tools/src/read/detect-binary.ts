import nodePath from 'node:path';

const sampleBytes = 8192;
const decoder = new TextDecoder('utf-8', { fatal: true });

/** True when the content looks binary: a NUL byte in the first 8 KB, or invalid UTF-8 there. */
export function looksBinary(content: Uint8Array): boolean {
  const sample = content.subarray(0, sampleBytes);
  if (sample.includes(0)) return true;
  // A multi-byte character may be cut at the sample's end; drop up to 3 trailing bytes before judging.
  for (let cut = 0; cut <= Math.min(3, sample.length); cut++) {
    try {
      decoder.decode(sample.subarray(0, sample.length - cut));
      return false;
    } catch {
      if (content.length <= sampleBytes) return true;
    }
  }
  return true;
}

const knownTypes: Record<string, string> = {
  png: 'PNG image',
  jpg: 'JPEG image',
  jpeg: 'JPEG image',
  gif: 'GIF image',
  webp: 'WebP image',
  pdf: 'PDF document',
  zip: 'zip archive',
  gz: 'gzip archive',
  tar: 'tar archive',
  wasm: 'WebAssembly module',
  so: 'shared library',
  exe: 'executable',
};

/** A short description of a binary file: its size and, when known from the extension, its type. */
export function describeBinary(path: string, content: Uint8Array): string {
  const extension = nodePath.extname(path).slice(1).toLowerCase();
  const type = knownTypes[extension];
  const size = content.length < 1024 ? `${content.length} bytes` : `${(content.length / 1024).toFixed(1)} KB`;
  return type ? `${type}, ${size}` : size;
}
