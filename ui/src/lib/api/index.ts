// The one place that talks to the Tauri core. Components get a KluisApi from the app context and
// never import invoke. The client itself is generated from the command table (client.gen.ts);
// this file only carries its calls over Tauri's IPC.
import { Channel, invoke } from "@tauri-apps/api/core";
import { client, type Transport } from "./client.gen";
import { toApiError } from "./errors";
import type { KluisApi } from "./types";

export * from "./types";
export { ApiError, toApiError, isErrorCode } from "./errors";

/** Tauri's invoke: arguments as JSON, a file's bytes as the raw body, progress over a channel. */
export const tauriTransport: Transport = {
  async call(command, args, options) {
    let payload: Parameters<typeof invoke>[1] = args;
    if (options?.raw) {
      payload = options.raw;
    } else if (options?.onProgress) {
      const channel = new Channel<Parameters<typeof options.onProgress>[0]>();
      channel.onmessage = options.onProgress;
      payload = { ...args, onProgress: channel };
    }
    try {
      return await invoke(command, payload);
    } catch (raw) {
      throw toApiError(raw);
    }
  },
};

export const tauriApi: KluisApi = client(tauriTransport);

