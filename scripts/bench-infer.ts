// `npm run bench:infer`: the Luau runtime against a TinyMNIST-style baseline, under Lune in interpreted mode
// (LUNE_LUAU_JIT=0, how Roblox clients run Luau) and native mode. Needs `npm run build`; uses
// build/fixtures/{mlp-f32,cnn-f32} when `npm run fixtures` has made them, random weights of that shape otherwise.
// `npm run bench:infer -- --mlp artifacts/default --cnn <artifact folder>` benches trained models instead.
import fs from "node:fs";
import path from "node:path";
import { exitWith, REPO_ROOT, runLune } from "./lib/lune-launcher";

const SCRIPT = "tests/bench/infer.luau";

function main(): number {
	if (!fs.existsSync(path.join(REPO_ROOT, "build", "DigitLab.rbxl"))) {
		console.error("build/DigitLab.rbxl is missing: run `npm run build` first.");
		return 1;
	}
	let status = 0;
	for (const [label, jit] of [
		["interpreted (LUNE_LUAU_JIT=0)", "0"],
		["native", undefined],
	] as const) {
		console.log(`\n=== ${label} ===`);
		const env = { ...process.env };
		if (jit === undefined) delete env.LUNE_LUAU_JIT;
		else env.LUNE_LUAU_JIT = jit;
		status ||= runLune(["run", SCRIPT, ...process.argv.slice(2)], env);
	}
	return status;
}

exitWith(main);
