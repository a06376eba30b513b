import { createFileTracker } from '@wright/tools/internal';
import { describe, expect, it } from 'vitest';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('createFileTracker', () => {
  it('treats files never read as fresh', () => {
    expect(createFileTracker().checkFresh('a.ts', bytes('x'))).toBeUndefined();
  });

  it('reports a file changed or deleted since it was read', () => {
    const tracker = createFileTracker();
    tracker.recordRead('src/a.ts', bytes('one'));
    expect(tracker.checkFresh('src/a.ts', bytes('one'))).toBeUndefined();
    expect(tracker.checkFresh('src/a.ts', bytes('two'))).toMatch(
      /^src\/a\.ts changed on disk since you last read it \(at \d\d:\d\d:\d\d UTC\); read it again before editing\.$/,
    );
    expect(tracker.checkFresh('src/a.ts', null)).toMatch(/^src\/a\.ts was deleted since you last read it/);
  });

  it('accepts our own writes as the new baseline', () => {
    const tracker = createFileTracker();
    tracker.recordRead('a.ts', bytes('one'));
    tracker.recordWrite('a.ts', bytes('two'));
    expect(tracker.checkFresh('a.ts', bytes('two'))).toBeUndefined();
    expect(tracker.checkFresh('a.ts', bytes('three'))).toMatch(/since you last wrote it/);
    tracker.recordWrite('a.ts', null);
    expect(tracker.checkFresh('a.ts', null)).toBeUndefined();
  });
});
