/** `tsx bridge/src/main.ts [--port N] [--data-dir DIR]`: serve the bridge until SIGINT/SIGTERM. */
import { OptionsError, parseBridgeOptions } from "./cli-options";
import { describeBackend } from "../../training/src/backend-notes";
import { startBridge } from "./server";

try {
	const options = parseBridgeOptions(process.argv.slice(2));
	const bridge = await startBridge(options);
	console.log(
		`DigitLab bridge listening on ${bridge.url} (backend ${describeBackend(bridge.jobs.backend, bridge.jobs.backendNotes)}, data in ${options.dataDir})`,
	);
	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`${signal}: stopping the bridge`);
		void bridge.close().then(() => process.exit(0));
	};
	process.on("SIGINT", () => stop("SIGINT"));
	process.on("SIGTERM", () => stop("SIGTERM"));
} catch (err) {
	console.error(err instanceof OptionsError ? err.message : err);
	process.exit(1);
}
