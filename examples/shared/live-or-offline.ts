// Shared by the examples' `pnpm start` scripts (not part of any example's API): where the model is.

/** The connection an example passes to `createGlmClient`. */
export type ModelConnection = {
  /** ZAI_API_KEY when set; otherwise a placeholder the scripted server accepts. */
  apiKey: string;
  /** The scripted server's URL offline; left out live, so the client uses Z.AI's own. */
  baseUrl?: string;
};

/** The model a start script talks to. */
export type ExampleModel = {
  /** What to hand the example's run function. */
  connection: ModelConnection;
  /** Stops the scripted server (nothing to stop live). */
  close(): Promise<void>;
};

/**
 * GLM-4.7 itself when `apiKey` (the user's ZAI_API_KEY) is set; otherwise the scripted GLM server `startOffline`
 * starts on 127.0.0.1 plays the model. The first line printed says which, so an offline run is never mistaken for a
 * real one.
 */
export async function liveOrOffline(
  apiKey: string | undefined,
  startOffline: () => Promise<{ baseUrl: string; close(): Promise<void> }>,
): Promise<ExampleModel> {
  if (apiKey) {
    console.log('LIVE: GLM-4.7 is called with your ZAI_API_KEY.');
    return { connection: { apiKey }, close: async () => {} };
  }
  const server = await startOffline();
  console.log(
    'OFFLINE (scripted GLM server on 127.0.0.1, no model is called); set ZAI_API_KEY to ask GLM-4.7.',
  );
  return { connection: { apiKey: 'offline', baseUrl: server.baseUrl }, close: () => server.close() };
}
