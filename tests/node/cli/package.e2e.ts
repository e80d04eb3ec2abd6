/**
 * `npm run test:package`: DigitLab as a creator installs it, away from this repository.
 * - The npm package: `npm pack`, installed from the tarball into an empty folder (dependencies from the registry,
 *   no install scripts, no optional tfjs-node), then `npx digitlab serve --port <free>`, a handshake, the small real
 *   job and its artifact.
 * - The single executable: built for this platform, copied alone into an empty folder and run with an empty HOME
 *   and no other environment than PATH; the same job, then `digitlab bake` of the bridge's model into the place it
 *   carries (Lune from PATH, as a creator's Rokit gives it). Its start-up time is printed (target ≤ 2 s). Where this
 *   machine allows it (root and `unshare`), the repository is hidden behind an empty mount while it runs, and
 *   under `strace` every file it touches is checked: nothing outside itself, its HOME and the system's own files.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildExecutable } from "../../../cli/packaging/single-executable";
import { PACKAGE_JSON, ROOT } from "../../../cli/packaging/bundle";
import { MAIN_USAGE, SERVE_USAGE } from "../../../cli/src/usage";
import { SMALL_REAL_JOB } from "../bridge/small-job";
import { resolveLune } from "../../../scripts/lib/lune-launcher";
import { fileAccessOutside, traceArgs } from "./file-access";
import { freePort, loadAverage, runSmallJob, startServe, type Served } from "./served-job";

const temp = fs.mkdtempSync(path.join(os.tmpdir(), "digitlab-package-"));
const running: Served[] = [];
afterAll(async () => {
	for (const served of running) await served.stop();
	fs.rmSync(temp, { recursive: true, force: true });
});

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function checkJob(outcome: Awaited<ReturnType<typeof runSmallJob>>) {
	const types = outcome.events.map((e) => e.type).filter((t) => t !== "batch");
	expect(types).toEqual(["started", "epoch", "evaluated", "exported", "done"]);
	const started = outcome.events[0] as Extract<(typeof outcome.events)[number], { type: "started" }>;
	expect(started.trainSize + started.valSize).toBe(SMALL_REAL_JOB.trainSamples);
	const evaluated = outcome.events.find((e) => e.type === "evaluated") as Extract<
		(typeof outcome.events)[number],
		{ type: "evaluated" }
	>;
	expect(evaluated.testAccuracy).toBeGreaterThan(0.3);
	expect(outcome.artifact.manifest.name).toBe("mnist-mlp-16");
	expect(outcome.artifact.modules.map((m) => m.name)).toEqual(expect.arrayContaining(["Manifest", "Golden"]));
	expect(outcome.info.version).toBe(PACKAGE_JSON.version);
	return evaluated.testAccuracy;
}

describe("npm package", () => {
	it("packs, installs from the registry into an empty folder and serves a real job", async () => {
		// prepack (the bundle, and the Roblox build when it is stale) prints to the same stdout before npm's JSON.
		const packOutput = execFileSync("npm", ["pack", "--json", "--pack-destination", temp], {
			cwd: ROOT,
			encoding: "utf8",
			stdio: ["ignore", "pipe", "inherit"],
		});
		const packed = JSON.parse(packOutput.slice(packOutput.lastIndexOf("\n[\n") + 1)) as {
			filename: string;
			size: number;
			unpackedSize: number;
			files: { path: string }[];
		}[];
		const tarball = path.join(temp, packed[0]!.filename);
		const files = packed[0]!.files.map((f) => f.path);
		expect(files).toEqual(
			expect.arrayContaining([
				"dist/digitlab.cjs",
				"dist/DigitLab.rbxm",
				"dist/DigitLab.rbxl",
				"dist/dashboard/index.html",
				"dist/luau/scripts/bake.luau",
				"package.json",
				"README.md",
			]),
		);
		expect(
			files.filter((f) => f.endsWith(".ts")),
			"sources stay out of the package",
		).toEqual([]);
		console.log(
			`npm package: ${path.basename(tarball)} ${mb(packed[0]!.size)} (${mb(packed[0]!.unpackedSize)} unpacked, ${files.length} files)`,
		);

		const app = path.join(temp, "app");
		fs.mkdirSync(app);
		fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "creator-folder", private: true }));
		const installStarted = performance.now();
		// Registry only: no install scripts (tfjs-node's would download libtensorflow) and no optional tfjs-node.
		execFileSync("npm", ["install", tarball, "--omit=optional", "--ignore-scripts", "--no-audit", "--no-fund"], {
			cwd: app,
			stdio: "inherit",
		});
		console.log(
			`npm install from the tarball: ${((performance.now() - installStarted) / 1000).toFixed(1)} s (load average ${loadAverage()})`,
		);
		const installed = path.join(app, "node_modules", "digitlab");
		expect(
			fs.existsSync(path.join(installed, "node_modules")) ||
				fs.existsSync(path.join(app, "node_modules", "@tensorflow", "tfjs")),
		).toBe(true);
		expect(fs.existsSync(path.join(app, "node_modules", "tsx")), "no development dependency comes along").toBe(
			false,
		);

		// npm reads options anywhere on npx's command line (`npx digitlab --version` is npm's version): `--` ends them.
		const npx = (args: string[]) =>
			execFileSync("npx", ["--no", "--", "digitlab", ...args], { cwd: app, encoding: "utf8" }).trimEnd();
		expect(npx(["--version"])).toBe(PACKAGE_JSON.version);
		expect(npx(["--help"])).toBe(MAIN_USAGE);
		expect(npx(["serve", "--help"])).toBe(SERVE_USAGE);
		expect(npx(["help"]), "the spelling that needs no `--`").toBe(MAIN_USAGE);

		const port = await freePort();
		const served = await startServe(
			"npx",
			["--no", "digitlab", "serve", "--port", String(port), "--data-dir", path.join(temp, "package-data")],
			{ cwd: app, env: { ...process.env, DIGITLAB_PORT: "" } },
		);
		running.push(served);
		expect(served.base).toBe(`http://127.0.0.1:${port}`);
		const dashboard = await fetch(`${served.base}/`);
		expect(dashboard.headers.get("content-type")).toContain("text/html");
		const outcome = await runSmallJob(served.base);
		const accuracy = checkJob(outcome);
		console.log(
			`npx digitlab serve: serving after ${served.startSeconds.toFixed(2)} s; small job ${outcome.seconds.toFixed(1)} s, test accuracy ${(accuracy * 100).toFixed(1)}% (load average ${loadAverage()})`,
		);
		await served.stop();
	});
});

describe("single executable", () => {
	it("builds for this platform, and runs alone from an empty folder with an empty HOME", async () => {
		const { executable, archive } = await buildExecutable();
		console.log(
			`single executable: ${mb(fs.statSync(executable).size)}; release archive ${path.basename(archive)} ${mb(fs.statSync(archive).size)}`,
		);
		if (spawnSync("unzip", ["-v"]).status === 0) {
			const listing = execFileSync("unzip", ["-Z", archive], { encoding: "utf8" });
			expect(listing).toMatch(/-rwxr-xr-x .* digitlab(\.exe)?\n/);
		}

		const run = path.join(temp, "run");
		const home = path.join(temp, "home");
		fs.mkdirSync(run);
		fs.mkdirSync(home);
		const copy = path.join(run, path.basename(executable));
		fs.copyFileSync(executable, copy);
		fs.chmodSync(copy, 0o755);
		const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home };
		const exe = (args: string[]) => execFileSync(copy, args, { cwd: run, env, encoding: "utf8" }).trimEnd();
		expect(exe(["--version"])).toBe(PACKAGE_JSON.version);
		expect(exe(["--help"])).toBe(MAIN_USAGE);

		const port = await freePort();
		const served = await startServe(copy, ["serve", "--port", String(port)], { cwd: run, env });
		running.push(served);
		console.log(
			`single executable: serving after ${served.startSeconds.toFixed(2)} s (target ≤ 2 s; load average ${loadAverage()})`,
		);
		expect(served.output()).toContain(path.join(home, ".cache", "digitlab"));
		const outcome = await runSmallJob(served.base);
		const accuracy = checkJob(outcome);
		expect(outcome.info.backend).toBe("wasm");
		console.log(
			`single executable: small job ${outcome.seconds.toFixed(1)} s, test accuracy ${(accuracy * 100).toFixed(1)}% (load average ${loadAverage()})`,
		);

		// The CNN too: its worker threads start from the executable's own bundle and run the convolution kernels.
		const cnn = await runSmallJob(served.base, { model: "cnn", filters: [8, 16], hidden: [32] });
		const cnnStarted = cnn.events.find((e) => e.type === "started") as Extract<
			(typeof cnn.events)[number],
			{ type: "started" }
		>;
		expect(cnnStarted.engine).toContain("DigitLab wasm SIMD kernels");
		const cnnEvaluated = cnn.events.find((e) => e.type === "evaluated") as Extract<
			(typeof cnn.events)[number],
			{ type: "evaluated" }
		>;
		expect(cnnEvaluated.testAccuracy).toBeGreaterThan(0.3);
		expect(cnn.artifact.manifest.name).toContain("cnn");
		console.log(
			`single executable: small CNN job ${cnn.seconds.toFixed(1)} s, test accuracy ${(cnnEvaluated.testAccuracy * 100).toFixed(1)}% (load average ${loadAverage()})`,
		);

		// bake: a model the bridge kept, written into the demo place the executable carries, verified under Lune.
		// The model is evaluated on all 10,000 test digits, as the place's check is.
		const whole = await runSmallJob(served.base, { testSamples: undefined });
		await served.stop();
		expect(fs.readdirSync(run), "nothing written beside the executable").toEqual([path.basename(copy)]);
		if (process.platform === "win32") return;
		const lune = resolveLune();
		const bin = path.join(temp, "lune-bin");
		fs.mkdirSync(bin);
		const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
		fs.writeFileSync(
			path.join(bin, "lune"),
			`#!/bin/sh\nexec ${[lune.program, ...lune.prefix].map(quote).join(" ")} "$@"\n`,
			{ mode: 0o755 },
		);
		const bakeDir = path.join(temp, "bake-here");
		fs.mkdirSync(bakeDir);
		const artifact = path.join(home, ".cache", "digitlab", "jobs", whole.jobId, "artifact");
		const baked = execFileSync(copy, ["bake", "--model", artifact], {
			cwd: bakeDir,
			env: { ...env, PATH: `${bin}${path.delimiter}${env.PATH}` },
			encoding: "utf8",
		});
		expect(baked).toMatch(/matches the training summary/);
		expect(fs.readdirSync(bakeDir)).toEqual(["DigitLab.rbxl"]);
		console.log(`single executable: bake ${baked.match(/Luau runtime accuracy [^\n]*/)?.[0]}`);
	});

	it("touches no file outside itself, its HOME and the system's own (repository hidden where possible)", async (ctx) => {
		const run = path.join(temp, "run");
		const copy = path.join(run, fs.readdirSync(run)[0]!);
		const home = path.join(temp, "home-traced");
		fs.mkdirSync(home);
		const trace = traceArgs(ROOT, path.join(temp, "trace.log"));
		if (trace === undefined) return ctx.skip();
		const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home };
		const served = await startServe(
			trace.command,
			[...trace.args, copy, "serve", "--port", String(await freePort())],
			{ cwd: run, env },
		);
		running.push(served);
		const outcome = await runSmallJob(served.base);
		checkJob(outcome);
		await served.stop();
		const outside = fileAccessOutside(path.join(temp, "trace.log"), {
			allowed: [copy, home],
			repo: ROOT,
			cwd: run,
		});
		console.log(
			`file access under strace${trace.repoHidden ? ", repository hidden" : ""}: ${outside.length === 0 ? "nothing outside the executable, its HOME and system files" : outside.join("\n")}`,
		);
		expect(outside).toEqual([]);
	});
});
