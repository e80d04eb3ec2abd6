// `npm start [-- --port N] [--data-dir DIR] [--install-plugin] [--no-build]`: build the plugin and place, then
// serve the training bridge on 127.0.0.1 until Ctrl+C.
import path from "node:path";
import { OptionsError, parseBridgeOptions } from "../bridge/src/cli-options";
import { installPlugin, studioPluginsDir } from "../bridge/src/plugin-install";
import { startBridge } from "../bridge/src/server";
import { describeBackend } from "../training/src/backend-notes";
import { buildAll, PLACE_FILE, PLUGIN_FILE } from "./lib/roblox-build";

let options;
try {
	options = parseBridgeOptions(process.argv.slice(2));
} catch (err) {
	console.error(err instanceof OptionsError || err instanceof TypeError ? (err as Error).message : err);
	process.exit(1);
}

if (options.build) buildAll();
const rel = (file: string) => path.relative(process.cwd(), file);
let pluginLine: string;
if (options.installPlugin) {
	const result = installPlugin(PLUGIN_FILE);
	pluginLine = result.installed ? `installed to ${result.target} (restart Studio or reload plugins)` : `not installed: ${result.reason}`;
} else {
	const dir = studioPluginsDir();
	pluginLine = `${rel(PLUGIN_FILE)} → run \`npm start -- --install-plugin\`${dir ? ` (copies it to ${dir})` : ""}, or copy it into Studio's Plugins folder`;
}

const bridge = await startBridge({ port: options.port, dataDir: options.dataDir });
console.log(`
DigitLab bridge running at ${bridge.url}   (dashboard: open it in a browser)
  TF.js backend: ${describeBackend(bridge.jobs.backend, bridge.jobs.backendNotes)}   (confirmed by the first job)
  Models and jobs: ${options.dataDir}
  Studio plugin: ${pluginLine}
  Place:         ${rel(PLACE_FILE)}   (open it in Studio)
Press Ctrl+C to stop.`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
	process.on(signal, () => {
		if (stopping) return;
		stopping = true;
		void bridge.close().then(() => process.exit(0));
	});
}
