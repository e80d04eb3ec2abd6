// `npm run lint`: ESLint (eslint.config.js), Prettier (.prettierrc.json) and StyLua (stylua.toml) over the whole tree,
// side by side, with each one's time. `npm run format` rewrites what Prettier and StyLua flag; ESLint findings are
// fixed by hand. ESLint and Prettier keep caches in node_modules/.cache: a clean clone checks every file, later runs
// only the files that changed.
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const nodeScript = (relative: string) => path.join(ROOT, "node_modules", relative);

interface Tool {
	name: string;
	args: string[];
	fix: string;
}

const TOOLS: Tool[] = [
	{
		name: "ESLint",
		args: [
			nodeScript("eslint/bin/eslint.js"),
			"--cache",
			"--cache-strategy=content",
			"--cache-location=node_modules/.cache/eslint/",
			"--max-warnings=0",
			".",
		],
		fix: "fix these by hand (a disable comment must say why)",
	},
	{
		name: "Prettier",
		args: [
			nodeScript("prettier/bin/prettier.cjs"),
			"--check",
			"--cache",
			"--cache-strategy=content",
			"--log-level=warn",
			".",
		],
		fix: "npm run format",
	},
	{
		name: "StyLua",
		args: [nodeScript("@johnnymorganz/stylua-bin/run.js"), "--check", "--output-format=summary", "."],
		fix: "npm run format",
	},
];

interface Result {
	tool: Tool;
	ok: boolean;
	seconds: number;
	output: string;
}

function run(tool: Tool): Promise<Result> {
	const start = performance.now();
	return new Promise((resolve) => {
		const child = spawn(process.execPath, tool.args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
		let output = "";
		child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
		const finish = (ok: boolean, extra = "") =>
			resolve({ tool, ok, seconds: (performance.now() - start) / 1000, output: output + extra });
		child.on("error", (err) => finish(false, `\ncould not start ${tool.name}: ${err.message}`));
		child.on("close", (code) => finish(code === 0));
	});
}

const started = performance.now();
const results = await Promise.all(TOOLS.map(run));
const total = (performance.now() - started) / 1000;

for (const r of results) {
	console.log(`${r.ok ? "✓" : "✗"} ${r.tool.name.padEnd(8)} ${r.seconds.toFixed(1).padStart(5)} s`);
	if (!r.ok) {
		console.log(r.output.trimEnd().replace(/^/gm, "    "));
		console.log(`    → ${r.tool.fix}`);
	}
}
const failed = results.filter((r) => !r.ok).length;
const load = os
	.loadavg()
	.map((x) => x.toFixed(2))
	.join(" ");
console.log(
	`Lint: ${results.length - failed} passed, ${failed} failed in ${total.toFixed(1)} s (load average ${load})`,
);
process.exitCode = failed ? 1 : 0;
