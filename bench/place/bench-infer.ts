// `npm run bench:infer`: the Luau runtime against a TinyMNIST-style baseline, under Lune in interpreted mode
// (LUNE_LUAU_JIT=0, how Roblox clients run Luau) and native mode; then the drawing board's frame cost, interpreted:
// a stroke extending the third digit of a number on the ready-made (number) board, with the client's frame budget
// and with every reading finished in its frame, median and worst frame, wall clock and CPU time.
// Needs `npm run build`; uses build/fixtures/{mlp-f32,cnn-f32} when `npm run fixtures` has made them, random weights
// of that shape otherwise. `npm run bench:infer -- --mlp artifacts/default --cnn <artifact folder>` benches trained
// models instead.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { exitWith, REPO_ROOT, runLune } from "../../scripts/lib/lune-launcher";

const INFER = "bench/place/infer.luau";
const FRAME = "bench/place/frame.luau";

function withJit(jit: string | undefined): NodeJS.ProcessEnv {
	const env = { ...process.env };
	if (jit === undefined) delete env.LUNE_LUAU_JIT;
	else env.LUNE_LUAU_JIT = jit;
	return env;
}

/** The machine is shared: every figure comes with the load it was measured under. */
function load(): string {
	return `load average ${os
		.loadavg()
		.map((l) => l.toFixed(2))
		.join(" ")} (${os.cpus().length} cores)`;
}

function main(): number {
	if (!fs.existsSync(path.join(REPO_ROOT, "build", "DigitLab.rbxl"))) {
		console.error("build/DigitLab.rbxl is missing: run `npm run build` first.");
		return 1;
	}
	const args = process.argv.slice(2);
	let status = 0;
	for (const [label, jit] of [
		["interpreted (LUNE_LUAU_JIT=0)", "0"],
		["native", undefined],
	] as const) {
		console.log(`\n=== ${label} === ${load()}`);
		status ||= runLune(["run", INFER, ...args], withJit(jit));
	}
	console.log(`\n=== board frames, interpreted (LUNE_LUAU_JIT=0) === ${load()}`);
	status ||= runLune(["run", FRAME, ...args], withJit("0"));
	console.log(`  after: ${load()}`);
	return status;
}

exitWith(main);
