/**
 * Which TF.js backend a job will most likely use, and why tfjs-node is not it, without loading TensorFlow.js on the
 * HTTP thread. The first job's `started` event replaces this guess with what the trainer actually chose (including
 * tfjs-node's load error, when it is installed but fails to load).
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import {
	TFJS_NODE_NO_BINDING,
	TFJS_NODE_NOT_IN_EXECUTABLE,
	TFJS_NODE_NOT_INSTALLED,
} from "../../training/src/backend-notes";
import { inSingleExecutable } from "../../training/src/single-executable";

export interface BackendGuess {
	backend: string;
	notes: string[];
}

export function guessBackend(): BackendGuess {
	if (inSingleExecutable()) return { backend: "wasm", notes: [TFJS_NODE_NOT_IN_EXECUTABLE] };
	let main: string;
	try {
		main = createRequire(import.meta.url).resolve("@tensorflow/tfjs-node");
	} catch {
		return { backend: "wasm", notes: [TFJS_NODE_NOT_INSTALLED] };
	}
	// The package can be present while its native binding failed to download (it is an optional dependency).
	const lib = path.join(path.dirname(main), "..", "lib");
	const hasBinding =
		fs.existsSync(lib) && fs.readdirSync(lib).some((d) => fs.existsSync(path.join(lib, d, "tfjs_binding.node")));
	return hasBinding ? { backend: "tfjs-node", notes: [] } : { backend: "wasm", notes: [TFJS_NODE_NO_BINDING] };
}
