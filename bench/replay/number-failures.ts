/**
 * `npx tsx bench/replay/number-failures.ts [--case gaps|touch] [--per-class N] [--only TEXT] [--skip K] [--redraw]
 * [...luau options]`:
 * runs bench/replay/number-failures.luau (the replay's numbers, failures put in classes) and draws up to N failures
 * of each class (classes whose name holds TEXT) into build/replay/number-failures-<case>.png: each number as written on the number board, strokes
 * coloured by the digit they belong to, the digits the board found boxed in grey, what was wanted and what was read.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Raster, type Rgba } from "../../scripts/lib/raster";
import { REPO_ROOT, runLune } from "../../scripts/lib/lune-launcher";

interface Failure {
	class: string;
	want: string;
	got: string;
	reached: boolean;
	digits: number[][][];
	groups: number[][];
}

const args = process.argv.slice(2);
const at = (flag: string) => args.indexOf(flag);
const caseName = at("--case") >= 0 ? args[at("--case") + 1]! : "gaps";
const perClass = at("--per-class") >= 0 ? Number(args[at("--per-class") + 1]) : 6;
const only = at("--only") >= 0 ? args[at("--only") + 1]! : "";
// --skip K draws 12 from the K-th chosen failure on; --redraw draws the last run's failures without running it again.
const skip = at("--skip") >= 0 ? Number(args[at("--skip") + 1]) : 0;
const ours = new Set([at("--per-class"), at("--only"), at("--skip")].filter((i) => i >= 0).flatMap((i) => [i, i + 1]));
const luneArgs = args.filter((a, i) => !ours.has(i) && a !== "--redraw");
if (!args.includes("--redraw")) {
	const code = runLune(["run", "bench/replay/number-failures.luau", ...luneArgs], process.env, REPO_ROOT);
	if (code !== 0) process.exit(code);
}

const failures = JSON.parse(
	readFileSync(path.join(REPO_ROOT, "build", "replay", `number-failures-${caseName}.json`), "utf8"),
) as Failure[];
const chosen = new Map<string, Failure[]>();
for (const f of failures) {
	if (!f.class.includes(only)) continue;
	const list = chosen.get(f.class) ?? [];
	if (list.length < perClass) list.push(f);
	chosen.set(f.class, list);
}
const shown = [...chosen.entries()].flatMap(([, list]) => list).slice(skip, at("--skip") >= 0 ? skip + 12 : undefined);

const CELL = 5;
const BOARD_W = 84 * CELL;
const BOARD_H = 28 * CELL;
const PAD = 8;
const PER_ROW = 3;
const TILE_W = BOARD_W + PAD;
const TILE_H = BOARD_H + 24;
const COLOURS: Rgba[] = [
	[220, 40, 40, 255],
	[30, 120, 220, 255],
	[20, 150, 60, 255],
];
const img = new Raster(
	PER_ROW * TILE_W + PAD,
	Math.max(1, Math.ceil(shown.length / PER_ROW)) * TILE_H + PAD,
	[255, 255, 255, 255],
);
shown.forEach((f, n) => {
	const ox = PAD + (n % PER_ROW) * TILE_W;
	const oy = PAD + Math.floor(n / PER_ROW) * TILE_H;
	img.text(ox, oy, `${f.want} read ${f.got}: ${f.class}`.slice(0, 70), [0, 0, 0, 255]);
	const top = oy + 12;
	img.outline({ x: ox, y: top, w: BOARD_W, h: BOARD_H }, [210, 210, 210, 255]);
	// Stroke ids number the strokes in writing order across the digits, as the analysis did.
	const byId = new Map<number, number[]>();
	let id = 0;
	f.digits.forEach((d, j) => {
		for (const s of d) {
			id++;
			byId.set(id, s);
			for (let p = 0; p + 3 < s.length; p += 2) {
				const steps = Math.max(1, Math.ceil(Math.hypot(s[p + 2]! - s[p]!, s[p + 3]! - s[p + 1]!) * CELL));
				for (let t = 0; t <= steps; t++) {
					const x = s[p]! + ((s[p + 2]! - s[p]!) * t) / steps;
					const y = s[p + 1]! + ((s[p + 3]! - s[p + 1]!) * t) / steps;
					img.fill({ x: ox + x * CELL - 1, y: top + y * CELL - 1, w: 3, h: 3 }, COLOURS[j % 3]!);
				}
			}
			img.fill({ x: ox + s[0]! * CELL - 2, y: top + s[1]! * CELL - 2, w: 4, h: 4 }, [0, 0, 0, 255]);
		}
	});
	f.groups.forEach((g, k) => {
		let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
		for (const sid of g) {
			const s = byId.get(sid) ?? [];
			for (let p = 0; p < s.length; p += 2) {
				x0 = Math.min(x0, s[p]!);
				x1 = Math.max(x1, s[p]!);
				y0 = Math.min(y0, s[p + 1]!);
				y1 = Math.max(y1, s[p + 1]!);
			}
		}
		const box = { x: ox + x0 * CELL - 3, y: top + y0 * CELL - 3, w: (x1 - x0) * CELL + 6, h: (y1 - y0) * CELL + 6 };
		img.outline(box, [120, 120, 120, 200]);
		img.text(box.x + 2, box.y + 2, f.got[k] ?? "", [90, 90, 90, 255]);
	});
});
const file = path.join(REPO_ROOT, "build", "replay", `number-failures-${caseName}.png`);
writeFileSync(file, img.png());
console.log(`  ${shown.length} failures drawn (up to ${perClass} a class): ${path.relative(REPO_ROOT, file)}`);
