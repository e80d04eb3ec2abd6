/**
 * Which TF.js backend a job will most likely use, without loading TensorFlow.js on the HTTP thread.
 * The first job's `started` event replaces this guess with the backend the trainer actually chose.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export function guessBackend(): string {
	try {
		const require = createRequire(import.meta.url);
		const main = require.resolve("@tensorflow/tfjs-node");
		// The package can be present while its native binding failed to download (it is an optional dependency).
		const lib = path.join(path.dirname(main), "..", "lib");
		const hasBinding = fs.existsSync(lib) && fs.readdirSync(lib).some((d) => fs.existsSync(path.join(lib, d, "tfjs_binding.node")));
		return hasBinding ? "tfjs-node" : "wasm";
	} catch {
		return "wasm";
	}
}
