// `npm run lint`: ESLint (eslint.config.js), Prettier (.prettierrc.json) and StyLua (stylua.toml) over the whole tree,
// side by side, with each one's time. `npm run format` (this script with --fix) rewrites what Prettier and StyLua
// flag; ESLint findings are fixed by hand. ESLint and Prettier keep caches in node_modules/.cache: a clean clone
// checks every file, later runs only the files that changed.
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ESLINT = path.join(ROOT, "node_modules", "eslint", "bin", "eslint.js");
const PRETTIER = path.join(ROOT, "node_modules", "prettier", "bin", "prettier.cjs");
const STYLUA = path.join(ROOT, "node_modules", "@johnnymorganz", "stylua-bin", "run.js");

interface Tool {
	name: string;
	/** Node scripts with their arguments, run one after the other. */
	runs: string[][];
	fix: string;
}

const CHECK: Tool[] = [
	{
		name: "ESLint",
		runs: [
			[
				ESLINT,
				"--cache",
				"--cache-strategy=content",
				"--cache-location=node_modules/.cache/eslint/",
				"--max-warnings=0",
				".",
			],
		],
		fix: "fix these by hand (a disable comment must say why)",
	},
	{
		name: "Prettier",
		runs: [[PRETTIER, "--check", "--cache", "--cache-strategy=content", "--log-level=warn", "."]],
		fix: "npm run format",
	},
	{
		name: "StyLua",
		runs: [[STYLUA, "--check", "--output-format=summary", "."]],
		fix: "npm run format",
	},
];

const FORMAT: Tool[] = [
	{
		name: "Prettier",
		runs: [[PRETTIER, "--write", "--list-different", "--cache", "--cache-strategy=content", "."]],
		fix: "",
	},
	{
		name: "StyLua",
		// StyLua 2.5.2 settles some calls whose last argument is a table only on a second pass.
		runs: [
			[STYLUA, "."],
			[STYLUA, "."],
		],
		fix: "",
	},
];

interface Result {
	tool: Tool;
	ok: boolean;
	seconds: number;
	output: string;
}

function runOnce(args: string[]): Promise<{ ok: boolean; output: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
		let output = "";
		child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
		child.on("error", (err) =>
			resolve({ ok: false, output: `${output}\ncould not start ${args[0]}: ${err.message}` }),
		);
		child.on("close", (code) => resolve({ ok: code === 0, output }));
	});
}

async function run(tool: Tool): Promise<Result> {
	const start = performance.now();
	let output = "";
	let ok = true;
	for (const args of tool.runs) {
		const once = await runOnce(args);
		output += once.output;
		ok = once.ok;
		if (!ok) break;
	}
	return { tool, ok, seconds: (performance.now() - start) / 1000, output };
}

const fixing = process.argv.includes("--fix");
const started = performance.now();
const results = await Promise.all((fixing ? FORMAT : CHECK).map(run));
const total = (performance.now() - started) / 1000;

for (const r of results) {
	console.log(`${r.ok ? "✓" : "✗"} ${r.tool.name.padEnd(8)} ${r.seconds.toFixed(1).padStart(5)} s`);
	// A check that passed has nothing to say; a format run lists the files it rewrote.
	if (!r.ok || (fixing && r.output.trim())) console.log(r.output.trimEnd().replace(/^/gm, "    "));
	if (!r.ok && r.tool.fix) console.log(`    → ${r.tool.fix}`);
}
const failed = results.filter((r) => !r.ok).length;
const load = os
	.loadavg()
	.map((x) => x.toFixed(2))
	.join(" ");
console.log(
	`${fixing ? "Format" : "Lint"}: ${results.length - failed} passed, ${failed} failed in ${total.toFixed(1)} s (load average ${load})`,
);
process.exitCode = failed ? 1 : 0;
