/** Command-line and environment options shared by `bridge/src/main.ts` and `npm start`. */
import { parseArgs } from "node:util";
import { defaultDataDir } from "./data-dir";
import { DEFAULT_PORT } from "./protocol";

export { DEFAULT_PORT };

export interface BridgeOptions {
	port: number;
	dataDir: string;
	installPlugin: boolean;
	build: boolean;
}

export class OptionsError extends Error {}

export function parseBridgeOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): BridgeOptions {
	const { values } = parseArgs({
		args: argv,
		options: {
			port: { type: "string" },
			"data-dir": { type: "string" },
			"install-plugin": { type: "boolean", default: false },
			"no-build": { type: "boolean", default: false },
		},
		strict: true,
	});
	const rawPort = values.port ?? env.DIGITLAB_PORT ?? String(DEFAULT_PORT);
	const port = Number(rawPort);
	// 0 asks the OS for a free port (tests use it); anything else must be a port Studio is allowed to call.
	if (!/^\d+$/.test(rawPort) || !(port === 0 || (port > 1024 && port <= 65535 && port !== 1194))) {
		throw new OptionsError(
			`Port ${rawPort} cannot be used: choose a number from 1025 to 65535 other than 1194 (Studio blocks the rest).`,
		);
	}
	return {
		port,
		dataDir: values["data-dir"] ?? env.DIGITLAB_DATA_DIR ?? defaultDataDir(env),
		installPlugin: values["install-plugin"] ?? false,
		build: !(values["no-build"] ?? false),
	};
}
