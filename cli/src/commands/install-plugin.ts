/** `digitlab install-plugin [--dir DIR]`: copies the plugin into Roblox Studio's plugins folder. */
import { parseArgs } from "node:util";
import { installPlugin, studioPluginsDir } from "../../../bridge/src/plugin-install";
import { pluginFile } from "../shipped";
import { INSTALL_PLUGIN_USAGE } from "../usage";
import { UsageError } from "./usage-error";

export async function installPluginCommand(argv: string[]): Promise<number> {
	let values;
	try {
		values = parseArgs({
			args: argv,
			options: { dir: { type: "string" }, help: { type: "boolean", short: "h" } },
			strict: true,
		}).values;
	} catch (err) {
		throw new UsageError((err as Error).message, INSTALL_PLUGIN_USAGE);
	}
	if (values.help) {
		console.log(INSTALL_PLUGIN_USAGE);
		return 0;
	}
	const result = installPlugin(pluginFile(), values.dir ?? studioPluginsDir());
	if (!result.installed) {
		const elsewhere =
			values.dir === undefined
				? " `digitlab install-plugin --dir DIR` writes it into a folder of your choice."
				: "";
		console.error(`The plugin was not installed: ${result.reason}${elsewhere}`);
		return 1;
	}
	console.log(
		`Installed the DigitLab plugin to ${result.target}. Restart Studio (or reload plugins), then DigitLab → Train.`,
	);
	return 0;
}
