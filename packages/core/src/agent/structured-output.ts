import { z } from 'zod';

/** The system note that tells the model the shape of its final answer. */
export function outputSchemaNote(schema: z.ZodType): string {
  const jsonSchema = JSON.stringify(z.toJSONSchema(schema, { unrepresentable: 'any' }));
  return (
    'When you give your final answer (after your last tool call), answer with one JSON object only, no prose and ' +
    `no code fence, matching this JSON Schema:\n${jsonSchema}`
  );
}

/** The system note for the one repair round. */
export function repairNote(problem: string): string {
  return (
    `Your final answer is not valid: ${problem}\nAnswer again with one JSON object only, matching the JSON Schema ` +
    'given earlier.'
  );
}

/** Parses and validates a final answer; a surrounding code fence is tolerated. */
export function validateOutput(
  schema: z.ZodType,
  text: string,
): { ok: true; value: unknown } | { ok: false; message: string } {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/.exec(text);
  const body = (fenced?.[1] ?? text).trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `it is not JSON (${reason}).` };
  }
  const result = schema.safeParse(parsed);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, message: `it does not match the schema:\n${z.prettifyError(result.error)}` };
}
