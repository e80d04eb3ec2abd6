// `npm run layouts`: draws the board's panel as the layout resolver sees it on every listed screen — each box, the
// text sizes, the buttons' sizes, Roblox's top bar and the touch controls' zones — to build/layouts/*.png, and the
// landscape phone with the ready-made (number) board to docs/images/layout-phone-landscape.png for the README.
// Needs `npm run build`.
import fs from "node:fs";
import path from "node:path";
import { exitWith, REPO_ROOT, runLune } from "./lib/lune-launcher";
import { Raster, type Rgba } from "./lib/raster";

interface Box {
	x: number;
	y: number;
	w: number;
	h: number;
}
interface Node {
	path: string;
	kind: "button" | "text" | "board" | "view" | "cell" | "frame";
	box: Box;
	text?: string;
	textPx?: number;
}
interface Resolved {
	viewport: string;
	board: string;
	width: number;
	height: number;
	areas: { screen: Box; device: Box; core: Box };
	zones: { thumbstick?: Box; jump?: Box };
	scale: number;
	nodes: Node[];
}

const OUT_DIR = path.join(REPO_ROOT, "build", "layouts");
const README_IMAGE = path.join(REPO_ROOT, "docs", "images", "layout-phone-landscape.png");
const GAME: Rgba = [34, 40, 48, 255];
const WHITE: Rgba = [240, 244, 250, 255];
const GREY: Rgba = [150, 158, 170, 160];
const RED: Rgba = [230, 70, 60, 255];
const YELLOW: Rgba = [250, 210, 80, 255];
const LEGEND_H = 40;

/** Pixels of the picture per screen pixel: phones drawn large, desktops small. */
function zoom(r: Resolved): number {
	const long = Math.max(r.width, r.height);
	return long <= 900 ? 2 : long <= 1100 ? 1 : 0.5;
}

/** Screen-independent figures: board size, smallest text, smallest touch target. */
export function figures(r: Resolved) {
	const board = r.nodes.find((n) => n.kind === "board");
	const texts = r.nodes.filter((n) => n.textPx !== undefined && n.text);
	const buttons = r.nodes.filter((n) => n.kind === "button");
	return {
		board: board ? `${Math.round(board.box.w)}x${Math.round(board.box.h)}` : "hidden",
		text: Math.min(...texts.map((n) => n.textPx!)),
		target: Math.min(...buttons.map((n) => Math.min(n.box.w, n.box.h))),
	};
}

function draw(r: Resolved): Raster {
	const z = zoom(r);
	const label = Math.max(1, Math.round(z)); // font dot size for annotations
	const img = new Raster(Math.round(r.width * z), Math.round(r.height * z) + LEGEND_H * label, GAME);
	const at = (b: Box): Box => ({ x: b.x * z, y: b.y * z, w: b.w * z, h: b.h * z });
	const { device, core } = r.areas;
	// Outside the device's safe area, then Roblox's top bar.
	for (const band of [
		{ x: 0, y: 0, w: device.x, h: r.height },
		{ x: device.x + device.w, y: 0, w: r.width - device.x - device.w, h: r.height },
		{ x: 0, y: device.y + device.h, w: r.width, h: r.height - device.y - device.h },
		{ x: 0, y: 0, w: r.width, h: device.y },
	])
		img.hatch(at(band), [120, 120, 130, 120], 8);
	const topBar = { x: device.x, y: device.y, w: device.w, h: core.y - device.y };
	img.fill(at(topBar), [70, 74, 86, 255]);
	img.text(at(topBar).x + 8 * label, at(topBar).y + 6 * label, `Roblox top bar (${topBar.h} px)`, WHITE, label);
	for (const [name, zone] of Object.entries(r.zones)) {
		if (!zone) continue;
		img.fill(at(zone), [230, 70, 60, 50]);
		img.hatch(at(zone), [230, 70, 60, 140], 12);
		img.outline(at(zone), RED, label);
		img.text(
			at(zone).x + 4 * label,
			at(zone).y + at(zone).h - 12 * label,
			name === "jump" ? "jump" : "thumbstick zone",
			RED,
			label,
			GAME,
		);
	}
	img.outline(at(core), [120, 200, 120, 200], 1);

	const smallest = figures(r).text;
	for (const n of r.nodes) {
		const b = at(n.box);
		if (n.kind === "board") {
			img.fill(b, [240, 244, 250, 30]);
			img.outline(b, WHITE, 2 * label);
			img.text(
				b.x + 6 * label,
				b.y + 6 * label,
				`board ${Math.round(n.box.w)}x${Math.round(n.box.h)} px`,
				WHITE,
				label,
				GAME,
			);
		} else if (n.kind === "button") {
			img.fill(b, [60, 90, 150, 230]);
			img.outline(b, [140, 180, 240, 255], label);
		} else if (n.kind === "cell" || n.kind === "view") {
			img.fill(b, [50, 60, 80, 200]);
			img.outline(b, [90, 140, 220, 200], 1);
		} else if (n.kind === "frame") {
			img.outline(b, GREY, 1);
		}
		if (n.text && n.textPx !== undefined) {
			// The text itself at about its rendered height (7 font dots per line), centred in its box.
			const dot = Math.max(1, Math.round((n.textPx * z) / 9));
			const text = n.text.replace(/·/g, ".").replace(/→/g, ">");
			const w = Raster.textWidth(text, dot);
			img.text(b.x + (b.w - w) / 2, b.y + (b.h - 7 * dot) / 2, text, WHITE, dot);
			if (n.textPx <= smallest + 0.05) img.outline(b, YELLOW, 1);
		}
		if (n.kind === "button") {
			const size = `${Math.round(n.box.w)}x${Math.round(n.box.h)}`;
			img.text(b.x + 2, b.y + b.h - 8 * label, size, YELLOW, 1);
		}
	}
	const f = figures(r);
	const legend = `${r.viewport} ${r.width}x${r.height}, ${r.board} board: board ${f.board} px, smallest text ${f.text.toFixed(1)} px (yellow), smallest touch target ${f.target.toFixed(1)} px, UIScale ${r.scale.toFixed(2)}`;
	img.text(8 * label, Math.round(r.height * z) + 8 * label, legend, WHITE, label);
	img.text(
		8 * label,
		Math.round(r.height * z) + 22 * label,
		"red: touch controls (PlayerModule), hatched: outside the safe area, green: the ScreenGui's area",
		GREY,
		label,
	);
	return img;
}

function main(): number {
	if (!fs.existsSync(path.join(REPO_ROOT, "build", "DigitLab.rbxl"))) {
		console.error("build/DigitLab.rbxl is missing: run `npm run build` first.");
		return 1;
	}
	fs.mkdirSync(OUT_DIR, { recursive: true });
	const json = path.join(OUT_DIR, "layouts.json");
	const status = runLune(["run", "scripts/layout-dump.luau", json], process.env, REPO_ROOT);
	if (status !== 0) return status;
	const layouts = JSON.parse(fs.readFileSync(json, "utf8")) as Resolved[];
	layouts.forEach((r, i) => {
		const file = path.join(OUT_DIR, `${r.viewport}-${r.board}.png`);
		const png = draw(r).png();
		fs.writeFileSync(file, png);
		if (r.viewport === "phone-landscape" && r.board === "wide") fs.writeFileSync(README_IMAGE, png);
		const f = figures(r);
		console.log(
			`[${i + 1}/${layouts.length}] ${path.relative(REPO_ROOT, file)}  board ${f.board} px, text >= ${f.text.toFixed(1)} px, targets >= ${f.target.toFixed(1)} px`,
		);
	});
	console.log(`README picture: ${path.relative(REPO_ROOT, README_IMAGE)}`);
	return 0;
}

exitWith(main);
