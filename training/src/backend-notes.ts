/**
 * Why the native backend is not in use, in words a person can act on. No TensorFlow.js import here: the bridge's
 * HTTP thread uses these too, and it must never load TensorFlow.js.
 */
export const TFJS_NODE_NOT_INSTALLED =
	"tfjs-node: not installed (optional dependency; its install script downloads libtensorflow, which fails offline; `npm install @tensorflow/tfjs-node` to try again)";
export const TFJS_NODE_NO_BINDING =
	"tfjs-node: installed but its native library is missing (its install script did not run or its download failed; `npm rebuild @tensorflow/tfjs-node` to try again)";
export const TFJS_NODE_NOT_IN_EXECUTABLE =
	"tfjs-node: not available in the single executable (it is a native add-on for an installed Node.js; `npx digitlab serve` can use it)";
export const tfjsNodeFailedToLoad = (message: string) => `tfjs-node: failed to load (${message.split("\n")[0]})`;

/** The note that explains why tfjs-node is not the backend, or undefined when it is (or was not considered). */
export function whyNotNative(backend: string, notes: readonly string[]): string | undefined {
	if (backend === "tensorflow" || backend === "tfjs-node") return undefined;
	return notes.find((n) => n.startsWith("tfjs-node:"));
}

/** "wasm" or "wasm (tfjs-node: not installed …)": the backend with the reason the native one is not used. */
export function describeBackend(backend: string, notes: readonly string[]): string {
	const why = whyNotNative(backend, notes);
	return why === undefined ? backend : `${backend} (${why})`;
}
