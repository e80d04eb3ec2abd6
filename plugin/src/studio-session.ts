/** Builds the Session from Studio's real services; the only place the plugin touches `game` services. */
import { HttpService } from "@rbxts/services";
import { BridgeClient, HttpLike } from "./bridge-client";
import { boardState } from "./kit/place-kit";
import { DEFAULT_PORT } from "./protocol";
import { PlaceStatus, Session } from "./session/session";
import { bridgeUrl } from "./session/settings";
import { loadSettings, saveSettings, SettingsHost } from "./session/settings-store";
import { addBoard, placeRuntime, WriterDeps, writeModel } from "./writer/weights-writer";

/** The Kit folder built into the plugin model next to this module (scripts/lib/roblox-build.ts). */
export function findKit(): Instance | undefined {
	return script.Parent?.FindFirstChild("Kit");
}

export function inspectPlace(deps: WriterDeps): PlaceStatus {
	const runtime = placeRuntime(deps);
	const model = runtime.module?.Parent?.FindFirstChild("Model");
	const manifest = model?.FindFirstChild("Manifest");
	let name: string | undefined;
	if (manifest !== undefined && manifest.IsA("ModuleScript")) {
		name = manifest.Source.match('name%s*=%s*"([^"]*)"')[0] as string | undefined;
	}
	return {
		runtime: runtime.state,
		board: deps.kit !== undefined ? boardState(deps.place, deps.kit) : "absent",
		model: model !== undefined ? (name ?? "a model") : undefined,
	};
}

export function createStudioSession(host: Plugin) {
	const settingsHost = host as unknown as SettingsHost;
	const loaded = loadSettings(settingsHost);
	const client = new BridgeClient(HttpService as unknown as HttpLike, bridgeUrl(DEFAULT_PORT));
	const writer: WriterDeps = { changeHistory: game.GetService("ChangeHistoryService"), place: game, kit: findKit() };
	const session = new Session({
		client,
		write: (modules, options) => writeModel(writer, modules, options),
		place: { inspect: () => inspectPlace(writer), addBoard: () => addBoard(writer) },
		store: {
			load: () => loaded.draft,
			save: (draft) => saveSettings(settingsHost, draft),
		},
	});
	// Values read from an older plugin's keys move to the new key once, off the UI thread.
	if (loaded.migrated) task.defer(() => saveSettings(settingsHost, loaded.draft));
	return session;
}
