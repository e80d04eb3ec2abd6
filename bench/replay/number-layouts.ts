/**
 * `npx tsx bench/replay/number-layouts.ts [--layouts 1-5] [--case gaps|touch] [--jobs N] [...number-failures options]`:
 * the replay's numbers (bench/replay/number-failures.luau) written out in several layouts of the same digits, each
 * with its own sizes, gaps, neighbours and run-ons (layout 1 is the replay's own), and the failures of all of them
 * added up: a rule chosen on one layout can fit that layout (docs/ink.md, Segmentation). The digits are those
 * `npm run replay` last wrote (`npm run replay -- --tune --model artifacts/tune-30 --no-frames` first, with the same
 * `--model`). Options it does not know (`--model`, `--choice name=value`, `--option name=value`) go to every run.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { REPO_ROOT, resolveLune } from "../../scripts/lib/lune-launcher";

interface Layout {
	layout: number;
	numbers: number;
	wrong: number;
	exact: number;
	classes: Map<string, number>;
}

function parseRange(text: string): number[] {
	const out: number[] = [];
	for (const part of text.split(",")) {
		const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
		const [a, b] = m ? [Number(m[1]), Number(m[2] ?? m[1])] : [0, -1];
		if (!m || a < 1 || b < a)
			throw new Error(`--layouts takes layouts from 1 and ranges such as 1-5 or 1,3,7 (got ${text})`);
		for (let k = a; k <= b; k++) out.push(k);
	}
	return out;
}

/** The summary line and the failure classes number-failures.luau prints. */
function parseRun(layout: number, text: string): Layout {
	const head = /: (\d+) numbers, right count [\d.]+% \((\d+) wrong\), exact [\d.]+% \((\d+)\)/.exec(text);
	if (!head) throw new Error(`layout ${layout}: no summary line in\n${text}`);
	const classes = new Map<string, number>();
	for (const m of text.matchAll(/^ {2,}(\d+) {2}(.+?)\s*$/gm)) classes.set(m[2]!, Number(m[1]));
	return { layout, numbers: Number(head[1]), wrong: Number(head[2]), exact: Number(head[3]), classes };
}

/** The runs under way, stopped if one fails. */
const running = new Set<ChildProcess>();

function runOne(layout: number, args: string[]): Promise<Layout> {
	const lune = resolveLune();
	const argv = [...lune.prefix, "run", "bench/replay/number-failures.luau", "--seed", String(layout), "--no-json"];
	return new Promise((resolve, reject) => {
		const child = spawn(lune.program, [...argv, ...args], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "inherit"] });
		running.add(child);
		let out = "";
		child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
		child.on("error", reject);
		child.on("close", (code, signal) => {
			running.delete(child);
			if (code !== 0)
				reject(
					new Error(
						`layout ${layout}: number-failures.luau ${signal ? `stopped by ${signal}` : `exited with ${code}`}\n${out}`,
					),
				);
			else {
				try {
					resolve(parseRun(layout, out));
				} catch (e) {
					reject(e as Error);
				}
			}
		});
	});
}

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	const take = (flag: string): string | undefined => {
		const i = args.indexOf(flag);
		if (i < 0) return undefined;
		const [, value] = args.splice(i, 2);
		if (value === undefined) throw new Error(`${flag} needs a value`);
		return value;
	};
	const layouts = parseRange(take("--layouts") ?? "1-5");
	const jobs = Number(take("--jobs") ?? Math.min(2, availableParallelism()));
	if (!Number.isInteger(jobs) || jobs < 1) throw new Error("--jobs takes a whole number from 1");
	const started = performance.now();
	const results: Layout[] = [];
	let next = 0;
	const worker = async () => {
		while (next < layouts.length) {
			const layout = layouts[next++]!;
			results.push(await runOne(layout, args));
			process.stderr.write(`\r${results.length}/${layouts.length} layouts`);
		}
	};
	await Promise.all(Array.from({ length: Math.min(jobs, layouts.length) }, worker));
	process.stderr.write("\n");
	results.sort((a, b) => a.layout - b.layout);
	const numbers = results.reduce((s, r) => s + r.numbers, 0);
	const wrong = results.reduce((s, r) => s + r.wrong, 0);
	const exact = results.reduce((s, r) => s + r.exact, 0);
	const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(2)}%`;
	console.log(`layout  numbers  wrong count  right count  exact`);
	for (const r of results)
		console.log(
			`${String(r.layout).padStart(6)}  ${String(r.numbers).padStart(7)}  ${String(r.wrong).padStart(11)}  ` +
				`${pct(r.numbers - r.wrong, r.numbers).padStart(11)}  ${pct(r.exact, r.numbers)}`,
		);
	console.log(
		`${"all".padStart(6)}  ${String(numbers).padStart(7)}  ${String(wrong).padStart(11)}  ` +
			`${pct(numbers - wrong, numbers).padStart(11)}  ${pct(exact, numbers)}`,
	);
	const classes = new Map<string, number>();
	for (const r of results) for (const [k, v] of r.classes) classes.set(k, (classes.get(k) ?? 0) + v);
	console.log(`count failures over all layouts:`);
	for (const [k, v] of [...classes].filter(([k]) => k.startsWith("count")).sort((a, b) => b[1] - a[1]))
		console.log(`  ${String(v).padStart(5)}  ${k}`);
	console.log(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

main().catch((e: unknown) => {
	for (const child of running) child.kill();
	console.error(e instanceof Error ? e.message : e);
	process.exit(1);
});
