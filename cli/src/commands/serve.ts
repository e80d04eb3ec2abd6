/**
 * `digitlab serve [--port N] [--data-dir DIR] [--install-plugin] [--no-build]`: serves the training bridge on
 * 127.0.0.1 until Ctrl+C (SIGINT) or SIGTERM. In a clone of the repository it builds the plugin and the place first.
 */
import path from "node:path";
import { OptionsError, parseBridgeOptions } from "../../../bridge/src/cli-options";
import { installPlugin, studioPluginsDir } from "../../../bridge/src/plugin-install";
import { startBridge } from "../../../bridge/src/server";
import { describeBackend } from "../../../training/src/backend-notes";
import { dashboardFiles, layout, placeFile, pluginFile } from "../shipped";
import { SERVE_USAGE } from "../usage";
import { UsageError } from "./usage-error";

const rel = (file: string) => path.relative(process.cwd(), file) || file;

export async function serve(argv: string[]): Promise<number> {
	if (argv.includes("--help") || argv.includes("-h")) {
		console.log(SERVE_USAGE);
		return 0;
	}
	let options;
	try {
		options = parseBridgeOptions(argv);
	} catch (err) {
		if (err instanceof OptionsError || err instanceof TypeError) throw new UsageError(err.message, SERVE_USAGE);
		throw err;
	}
	const checkout = layout() === "checkout";
	// Only a clone has sources to build; a packaged DigitLab carries the built files.
	const plugin = pluginFile(checkout && options.build);
	let pluginLine: string;
	if (options.installPlugin) {
		const result = installPlugin(plugin);
		pluginLine = result.installed
			? `installed to ${result.target} (restart Studio or reload plugins)`
			: `not installed: ${result.reason}`;
	} else {
		const dir = studioPluginsDir();
		const command = checkout ? "npm start -- --install-plugin" : "digitlab install-plugin";
		const where = dir ? ` (copies it to ${dir})` : "";
		// The single executable has no plugin file to point at: install-plugin --dir writes one anywhere.
		const copy = plugin.path
			? `, or copy ${rel(plugin.path)} into Studio's Plugins folder`
			: dir
				? ""
				: ", or `digitlab install-plugin --dir DIR` to write it into a folder of your choice";
		pluginLine = `run \`${command}\`${where}${copy}`;
	}
	const place = checkout
		? `${rel(placeFile().path!)}   (open it in Studio)`
		: "`digitlab bake` writes DigitLab.rbxl here, with a trained model";

	const bridge = await startBridge({ port: options.port, dataDir: options.dataDir, dashboard: dashboardFiles() });
	console.log(`DigitLab bridge listening on ${bridge.url}   (dashboard: open it in a browser)
  TF.js backend: ${describeBackend(bridge.jobs.backend, bridge.jobs.backendNotes)}   (confirmed by the first job)
  Models and jobs: ${options.dataDir}
  Studio plugin: ${pluginLine}
  Demo place:    ${place}
Press Ctrl+C to stop.`);

	return new Promise<number>((resolve) => {
		let stopping = false;
		for (const signal of ["SIGINT", "SIGTERM"] as const) {
			process.on(signal, () => {
				if (stopping) return;
				stopping = true;
				console.log(`${signal}: stopping the bridge`);
				void bridge.close().then(() => resolve(0));
			});
		}
	});
}
