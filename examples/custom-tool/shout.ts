// The same kind of plugin in TypeScript: Wright strips the types when it loads it (no build step), and the type-only
// import below gives editor help without anything installed at run time.
// #region typescript
import type { WrightPlugin } from '@wright/plugin';

const shoutPlugin: WrightPlugin = ({ defineTool, z }) =>
  defineTool({
    name: 'shout',
    description: 'Upper-cases a text. Use it when the user asks for emphasis.',
    effect: 'read',
    input: z.object({ text: z.string().min(1) }),
    run: async ({ text }) => text.toUpperCase(),
  });

export default shoutPlugin;
// #endregion typescript
