import { createRequire } from "node:module";
import * as tf from "@tensorflow/tfjs";
import { TFJS_NODE_NOT_IN_EXECUTABLE, TFJS_NODE_NOT_INSTALLED, tfjsNodeFailedToLoad } from "./backend-notes";
import { executableWasmUrls, inSingleExecutable } from "./single-executable";

export type BackendChoice = "auto" | "tfjs-node" | "wasm" | "cpu";

export interface BackendReport {
	backend: string;
	/** Why each backend that did not run was skipped (and what ran). */
	notes: string[];
}

const require = createRequire(import.meta.url);

/** The note for a failed `require("@tensorflow/tfjs-node")`: not installed, or failed to load with its error. */
export function tfjsNodeRequireFailure(err: unknown): string {
	const e = err as NodeJS.ErrnoException;
	// A missing native binding also throws MODULE_NOT_FOUND, but names the .node file rather than the package.
	const missingPackage =
		(e?.code === "MODULE_NOT_FOUND" || e?.code === "ERR_MODULE_NOT_FOUND") &&
		/'@tensorflow\/tfjs-node'/.test(String(e?.message));
	return missingPackage ? TFJS_NODE_NOT_INSTALLED : tfjsNodeFailedToLoad(String(e?.message ?? err));
}

async function tryTfjsNode(): Promise<string | undefined> {
	// The executable must not look for add-ons on disk: it runs on what it carries.
	if (inSingleExecutable()) return TFJS_NODE_NOT_IN_EXECUTABLE;
	try {
		// Optional dependency: absent on most machines here, so a missing module is the normal case.
		require("@tensorflow/tfjs-node");
	} catch (err) {
		return tfjsNodeRequireFailure(err);
	}
	if (!(await tf.setBackend("tensorflow"))) return "tfjs-node: installed but its backend failed to initialise";
	return undefined;
}

async function tryWasm(): Promise<string | undefined> {
	try {
		const wasm = await import("@tensorflow/tfjs-backend-wasm");
		if (inSingleExecutable()) wasm.setWasmPaths(executableWasmUrls(), true);
	} catch (err) {
		return `wasm: failed to load (${(err as Error).message.split("\n")[0]})`;
	}
	try {
		if (!(await tf.setBackend("wasm"))) return "wasm: backend failed to initialise";
	} catch (err) {
		return `wasm: backend failed to initialise (${(err as Error).message})`;
	}
	return undefined;
}

async function tryCpu(): Promise<string | undefined> {
	return (await tf.setBackend("cpu")) ? undefined : "cpu: backend failed to initialise";
}

const ATTEMPTS: Record<Exclude<BackendChoice, "auto">, () => Promise<string | undefined>> = {
	"tfjs-node": tryTfjsNode,
	wasm: tryWasm,
	cpu: tryCpu,
};

/** Picks the fastest available backend (tfjs-node → wasm → cpu) unless `choice` names one. */
export async function selectBackend(choice: BackendChoice = "auto"): Promise<BackendReport> {
	const order: Exclude<BackendChoice, "auto">[] = choice === "auto" ? ["tfjs-node", "wasm", "cpu"] : [choice];
	const notes: string[] = [];
	for (const name of order) {
		const failure = await ATTEMPTS[name]();
		if (failure === undefined) {
			await tf.ready();
			notes.push(choice === "auto" ? `${name}: selected (first available)` : `${name}: selected (requested)`);
			return { backend: tf.getBackend(), notes };
		}
		notes.push(failure);
	}
	throw new Error(`no TensorFlow.js backend could start: ${notes.join("; ")}`);
}
