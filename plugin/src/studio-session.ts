/** Builds the Session from Studio's real services; the only place the plugin touches `game` services. */
import { HttpService, ReplicatedStorage } from "@rbxts/services";
import { BridgeClient, HttpLike } from "./bridge-client";
import { DEFAULT_PORT } from "./protocol";
import { Session } from "./session/session";
import { SettingsDraft } from "./session/settings";
import { writeModel } from "./writer/weights-writer";

export const SETTINGS_KEY = "DigitLab.settings";
export const PORT_KEY = "DigitLab.port";

export function createStudioSession(host: Plugin) {
	const savedPort = host.GetSetting(PORT_KEY);
	const port = typeIs(savedPort, "number") ? savedPort : DEFAULT_PORT;
	const client = new BridgeClient(HttpService as unknown as HttpLike, `http://127.0.0.1:${port}`);
	return new Session({
		client,
		write: (modules) => writeModel({ changeHistory: game.GetService("ChangeHistoryService"), root: ReplicatedStorage }, modules),
		store: {
			load: () => host.GetSetting(SETTINGS_KEY),
			save: (draft: SettingsDraft) => host.SetSetting(SETTINGS_KEY, draft),
		},
	});
}
