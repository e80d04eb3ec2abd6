/**
 * The fixed set of things that can go wrong, each with one message that tells the user what to do
 * (modelled on Rojo's plugin/http/Error.lua). `detail` keeps the raw engine or bridge text for the log.
 */

import { DIGITLAB_GITHUB } from "./generated/version";
import { DEFAULT_PORT } from "./protocol";

/**
 * The ways to start the bridge on `port`, in the order a creator would try them: the `digitlab` tool installed
 * with Rokit (as Rojo and Lune are), `npx` with Node.js, or `npm start` in a clone of the repository.
 */
export function startCommands(port: number = DEFAULT_PORT) {
	const flag = port === DEFAULT_PORT ? "" : ` --port ${port}`;
	return {
		rokitAdd: `rokit add ${DIGITLAB_GITHUB}`,
		rokit: `digitlab serve${flag}`,
		npx: `npx digitlab serve${flag}`,
		repository: port === DEFAULT_PORT ? "npm start" : `npm start -- --port ${port}`,
	};
}

export type ErrorKind =
	| "bridge_not_running"
	| "timeout"
	| "http_permission"
	| "protocol_mismatch"
	| "not_a_bridge"
	| "bad_response"
	| "bridge_error"
	| "job_running"
	| "job_failed"
	| "invalid_settings"
	| "script_injection"
	| "write_failed"
	| "runtime_edited"
	| "unknown";

export interface PluginError {
	kind: ErrorKind;
	message: string;
	detail?: string;
}

export function pluginError(kind: ErrorKind, message: string, detail?: string): PluginError {
	return { kind, message, detail };
}

/** The port in a bridge URL (the default when there is none). */
const portOf = (url: string) => tonumber(url.match(":(%d+)$")[0]) ?? DEFAULT_PORT;

export function bridgeNotRunning(url: string, detail?: string) {
	const c = startCommands(portOf(url));
	return pluginError(
		"bridge_not_running",
		`The DigitLab bridge is not running at ${url}. Start it in a terminal: \`${c.rokit}\` (the digitlab tool, from Rokit), ` +
			`\`${c.npx}\` (Node.js), or \`${c.repository}\` in a clone of the DigitLab repository.`,
		detail,
	);
}

export const httpPermission = (detail?: string) =>
	pluginError(
		"http_permission",
		"Studio blocked DigitLab's HTTP requests to localhost. Allow them: Plugins tab → Manage Plugins → DigitLab → " +
			"edit permissions → HTTP Requests → allow 127.0.0.1, then press Connect.",
		detail,
	);

export const protocolMismatch = (bridgeVersion: number, pluginVersion: number) =>
	pluginError(
		"protocol_mismatch",
		`The bridge speaks protocol v${bridgeVersion} but this plugin speaks v${pluginVersion}. Use one DigitLab version ` +
			`for both: \`digitlab install-plugin\` installs the plugin that matches your bridge (restart Studio after it); ` +
			`in a clone of the repository, \`npm start -- --install-plugin\`.`,
	);

export const scriptInjection = (detail?: string) =>
	pluginError(
		"script_injection",
		"DigitLab may not write scripts into this place. Allow it: Plugins tab → Manage Plugins → DigitLab → " +
			"edit permissions → Script Injection → on, then press Write again.",
		detail,
	);

/** Turns the text RequestAsync raises into a kind (Roblox only gives us strings). */
export function fromRequestError(message: string, url: string): PluginError {
	const lower = message.lower();
	if (lower.find("timedout")[0] !== undefined || lower.find("timed out")[0] !== undefined) {
		return pluginError(
			"timeout",
			`The bridge at ${url} did not answer in time. If training is heavy, wait and press Connect.`,
			message,
		);
	}
	if (
		lower.find("connectfail")[0] !== undefined ||
		lower.find("connectionfail")[0] !== undefined ||
		lower.find("refused")[0] !== undefined ||
		lower.find("couldn't connect")[0] !== undefined ||
		lower.find("could not connect")[0] !== undefined
	) {
		return bridgeNotRunning(url, message);
	}
	if (
		lower.find("not allowed")[0] !== undefined ||
		lower.find("permission")[0] !== undefined ||
		lower.find("http requests are not enabled")[0] !== undefined ||
		lower.find("denied")[0] !== undefined
	) {
		return httpPermission(message);
	}
	return pluginError("unknown", `Talking to the bridge failed: ${message}`, message);
}

/** Errors worth retrying from the last cursor without bothering the user. */
export function isTransient(err: PluginError) {
	return err.kind === "timeout" || err.kind === "bridge_not_running" || err.kind === "bad_response";
}
