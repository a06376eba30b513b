import { type ScriptedTurn, textTurn, toolCallTurn } from '@wright/testing';

/** The scripted model's side of the greet task (offline runs and the test). */
export const greetScript: ScriptedTurn[] = [
  toolCallTurn([{ name: 'read_file', arguments: { path: 'test/greet.test.js' } }], 'Read the test first.'),
  toolCallTurn(
    [
      {
        name: 'write_file',
        arguments: {
          path: 'src/greet.js',
          content: `export const greet = (name) => \`Hello, \${name}!\`;\n`,
        },
      },
    ],
    'The test imports greet from src/greet.js.',
  ),
  toolCallTurn([{ name: 'shell', arguments: { command: 'node --test' } }], 'Run the tests.'),
  textTurn('Added src/greet.js; node --test passes.'),
];
