// The UI test bridge (src-tauri/crates/api/src/bin/kluis-bridge.rs) over HTTP: the real core's
// command table, with test key derivation, for the UI tests and the browser preview. Development
// only; a normal build never imports it. No rule of the core is repeated here.
import { client, type KluisApi, type Transport } from "$lib/api/client.gen";
import { toApiError } from "$lib/api/errors";

export type Role = "administrator" | "user" | "guest" | "management" | "hr" | "privacy_officer";

export type VaultProblem = "key_file_missing" | "key_file_corrupt" | "database_unreadable" | "in_use";

/** A vault the bridge made: "seeded" holds a user per built-in role and data of every category. */
export interface BridgeVault {
  /** The bridge's name for the vault. */
  id: string;
  /** Where its commands are called. */
  url: string;
  /** A seeded vault's users, by built-in role, and their password. */
  users: Record<Role, string>;
  password: string;
  /** The password the spare users `adminmarker` and `spare_gone` still must change. */
  initialPassword: string;
  /** Records of the seeded vault (a person, an organisation, a deal, ...). */
  ids: Record<string, number>;
  /** The seeded vault's recovery key. */
  recoveryKey: string;
}

/** Makes a vault of its own at the bridge at `base`; a `problem` damages its folder first. */
export async function bridgeVault(
  base: string,
  preset: "fresh" | "seeded",
  problem?: VaultProblem,
): Promise<BridgeVault> {
  const made = await fetch(`${base}/vaults`, { method: "POST", body: JSON.stringify({ preset, problem }) });
  if (!made.ok) throw new Error(`the test bridge made no vault (${made.status})`);
  const info = (await made.json()) as Omit<BridgeVault, "url">;
  return { ...info, url: `${base}/vaults/${info.id}` };
}

let calls = 0;

/**
 * The generated client's transport to a bridge vault at `url`. A call that reports progress is
 * heard while it runs, as the window hears the core; every report is also pushed to `sent`.
 */
export function bridgeTransport(url: string, sent: unknown[] = []): Transport {
  return {
    async call(command, args, options) {
      const onProgress = options?.onProgress;
      const token = onProgress ? `c${++calls}` : null;
      let heard = 0;
      let done = false;
      const hear = (events: unknown[]) => {
        for (const p of events) {
          sent.push(p);
          onProgress?.(p as never);
        }
        heard += events.length;
      };
      const listen = async () => {
        while (!done) {
          const res = await fetch(`${url}/progress/${token}?from=${heard}`);
          const out = (await res.json()) as { events: unknown[]; ended: boolean };
          if (done) return;
          hear(out.events);
          if (out.ended) return;
        }
      };
      if (token) void listen();
      const res = await fetch(`${url}/${command}${token ? `?call=${token}` : ""}`, {
        method: "POST",
        headers: { "Content-Type": options?.raw ? "application/octet-stream" : "application/json" },
        body: options?.raw ? new Uint8Array(options.raw) : JSON.stringify(args),
      });
      const out = (await res.json()) as { ok?: unknown; err?: unknown; progress?: unknown[] };
      done = true;
      if (onProgress) hear((out.progress ?? []).slice(heard));
      if ("err" in out) throw toApiError(out.err);
      return out.ok as never;
    },
  };
}

/** The generated client on a bridge vault. */
export function bridgeApi(vault: BridgeVault, sent?: unknown[]): KluisApi {
  return client(bridgeTransport(vault.url, sent));
}
