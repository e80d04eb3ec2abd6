/**
 * Where the board, the buttons and the prediction panel go on a given screen. Pure numbers, no Instances.
 *
 * The board is as large as fits; the buttons and the prediction panel are fixed designs scaled by one factor
 * (UIScale) chosen from the screen's short side, never below what keeps text ≥ 12 px and buttons ≥ 44 px. With touch
 * controls, nothing may cover the dynamic thumbstick's zone or the jump button (touch-zones.ts). The planner tries a
 * small set of arrangements (buttons and panel beside or below the board, or tucked into the free top-left corner
 * of a landscape phone) and keeps the one with the largest board.
 */
import { LinBox, Room, add, evaluate, fixed, largest, lin } from "./layout-search";
import { Box, touchZones } from "./touch-zones";

export type { Box } from "./touch-zones";

/** Design units (px at UIScale 1). */
export const DESIGN = {
	button: { w: 72, h: 48, gap: 6, text: 16 },
	head: { h: 36, gap: 4, number: 26, detail: 14 },
	/** prediction cells: "full" shows a percentage under each digit, "compact" only the digit and its bar */
	full: { w: 44, h: 52, digit: 20, percent: 14 },
	compact: { w: 28, h: 44, digit: 18 },
	cellGap: 2,
	inset: { w: 84, h: 102, title: 14, gap: 8 },
	/** the smallest text in the design (percent, detail, inset title) */
	minText: 14,
};

export const BUTTON_COUNT = 6;
const MIN_TEXT_PX = 12;
const MIN_TARGET_PX = 44;
/** screen short side (px) at which the design is drawn at scale 1 */
const REFERENCE = 500;
const MAX_SCALE = 2.4;
const EDGE = 4;
const GAP = 8;
const ZONE_MARGIN = 6;
const MIN_BOARD = 60;

export type InfoForm = "full" | "compact";

export interface Plan {
	/** the UIScale of the buttons and the prediction panel */
	scale: number;
	board: Box;
	controls: { box: Box; cols: number };
	info: { box: Box; form: InfoForm; cols: number; rows: number };
	/** areas kept free for the touch controls */
	zones: Box[];
}

export interface Viewport {
	/** the ScreenGui's area (its AbsoluteSize: below the top bar, inside the device's safe area) */
	width: number;
	height: number;
	/** the default touch controls are shown (UserInputService.TouchEnabled) */
	touch: boolean;
}

export function minimumScale(): number {
	return math.max(MIN_TEXT_PX / DESIGN.minText, MIN_TARGET_PX / DESIGN.button.h);
}

export function planScale(viewport: Viewport): number {
	return math.clamp(math.min(viewport.width, viewport.height) / REFERENCE, minimumScale(), MAX_SCALE);
}

/** Design size of the button block with `cols` columns. */
export function controlsSize(cols: number): { w: number; h: number } {
	const b = DESIGN.button;
	const rows = math.ceil(BUTTON_COUNT / cols);
	return { w: cols * b.w + (cols - 1) * b.gap, h: rows * b.h + (rows - 1) * b.gap };
}

/** Design size of the prediction grid. */
export function gridSize(form: InfoForm, cols: number, rows: number): { w: number; h: number } {
	const cell = form === "full" ? DESIGN.full : DESIGN.compact;
	return { w: cols * cell.w + (cols - 1) * DESIGN.cellGap, h: rows * cell.h + (rows - 1) * DESIGN.cellGap };
}

/** Design size of the whole prediction panel: head line over the grid, the model's view beside it when full. */
export function infoSize(form: InfoForm, cols: number, rows: number): { w: number; h: number } {
	const grid = gridSize(form, cols, rows);
	const head = DESIGN.head.h + DESIGN.head.gap;
	if (form === "compact") return { w: grid.w, h: head + grid.h };
	return { w: grid.w + DESIGN.inset.gap + DESIGN.inset.w, h: head + math.max(grid.h, DESIGN.inset.h) };
}

interface Shape {
	w: number;
	h: number;
}
type Spot = "right" | "below" | "corner" | "afterOther" | "underOther";

const CONTROL_COLS = [1, 2, 3, 6];
const INFO_SHAPES: Array<[InfoForm, number, number]> = [
	["full", 10, 1],
	["full", 5, 2],
	["compact", 10, 1],
];
const SPOTS: Spot[] = ["right", "below", "corner", "afterOther", "underOther"];

/** `size` at `spot`, relative to the board (and to the other piece for the *Other spots). */
function place(spot: Spot, size: Shape, board: LinBox, other: LinBox | undefined): LinBox | undefined {
	const w = lin(size.w);
	const h = lin(size.h);
	const gap = lin(GAP);
	if (spot === "right") return { x: add(add(board.x, board.w), gap), y: board.y, w, h };
	if (spot === "below") return { x: board.x, y: add(add(board.y, board.h), gap), w, h };
	if (spot === "corner") return { x: lin(EDGE), y: lin(EDGE), w, h };
	if (!other) return undefined;
	if (spot === "afterOther") return { x: add(add(other.x, other.w), gap), y: other.y, w, h };
	return { x: other.x, y: add(add(other.y, other.h), gap), w, h };
}

/** [board, controls, info] as functions of the board height, or undefined when the spots do not resolve. */
function arrange(anchor: [number, number], aspect: number, controls: Shape, info: Shape, spots: [Spot, Spot]) {
	const board: LinBox = { x: lin(anchor[0]), y: lin(anchor[1]), w: lin(0, aspect), h: lin(0, 1) };
	const [controlSpot, infoSpot] = spots;
	// One of the two may be placed relative to the other, never both.
	if (controlSpot === "afterOther" || controlSpot === "underOther") {
		const i = place(infoSpot, info, board, undefined);
		const c = i && place(controlSpot, controls, board, i);
		return i && c ? [board, c, i] : undefined;
	}
	const c = place(controlSpot, controls, board, undefined);
	const i = c && place(infoSpot, info, board, c);
	return c && i ? [board, c, i] : undefined;
}

function overlaps(a: Box, b: Box, margin: number): boolean {
	return a.x < b.x + b.w + margin && b.x < a.x + a.w + margin && a.y < b.y + b.h + margin && b.y < a.y + a.h + margin;
}

function valid(boxes: Box[], room: Room): boolean {
	for (let i = 0; i < boxes.size(); i++) {
		const b = boxes[i];
		if (b.x < room.edge - 1e-6 || b.y < room.edge - 1e-6) return false;
		if (b.x + b.w > room.width - room.edge + 1e-6 || b.y + b.h > room.height - room.edge + 1e-6) return false;
		for (const z of room.zones) if (overlaps(b, z, room.zoneMargin - 1e-6)) return false;
		for (let j = 0; j < i; j++) if (overlaps(b, boxes[j], -1e-6)) return false;
	}
	return true;
}

/** Centres the arrangement in the room it leaves, as far as it stays valid. */
function centre(boxes: Box[], room: Room): Box[] {
	let x0 = math.huge,
		y0 = math.huge,
		x1 = -math.huge,
		y1 = -math.huge;
	for (const b of boxes) {
		x0 = math.min(x0, b.x);
		y0 = math.min(y0, b.y);
		x1 = math.max(x1, b.x + b.w);
		y1 = math.max(y1, b.y + b.h);
	}
	const dx = (room.width - x1 - x0) / 2;
	const dy = (room.height - y1 - y0) / 2;
	for (const [fx, fy] of [
		[1, 1],
		[1, 0],
		[0, 1],
	] as Array<[number, number]>) {
		const moved = boxes.map((b) => ({ x: b.x + dx * fx, y: b.y + dy * fy, w: b.w, h: b.h }));
		if (valid(moved, room)) return moved;
	}
	return boxes;
}

interface Best {
	height: number;
	form: InfoForm;
	boxes: LinBox[];
	cols: number;
	info: [InfoForm, number, number];
}

/** A full panel (percentages, the model's view beside the bars) is worth 3% of board size. */
function better(height: number, form: InfoForm, best: Best | undefined): boolean {
	if (!best) return true;
	if (form === "full" && best.form !== "full") return height >= best.height * 0.97;
	if (form !== "full" && best.form === "full") return height * 0.97 > best.height;
	return height > best.height;
}

/** The plan for a screen and a board `aspect` (width / height, in cells). */
export function planLayout(viewport: Viewport, aspect: number): Plan {
	const scale = planScale(viewport);
	const zoneSet = viewport.touch ? touchZones(viewport.width, viewport.height) : undefined;
	const zones = zoneSet ? [zoneSet.thumbstick, zoneSet.jump] : [];
	const room: Room = { width: viewport.width, height: viewport.height, edge: EDGE, zones, zoneMargin: ZONE_MARGIN };
	const linZones = zones.map(fixed);
	// The board starts at the top-left, or right of a zone that leaves room (the thumbstick's, on a landscape screen).
	const anchors: Array<[number, number]> = [[EDGE, EDGE]];
	for (const z of zones) if (z.x + z.w < viewport.width / 2) anchors.push([z.x + z.w + ZONE_MARGIN, EDGE]);
	const top = math.max(viewport.width, viewport.height);

	let best: Best | undefined;
	for (const cols of CONTROL_COLS) {
		const cs = controlsSize(cols);
		const controls = { w: cs.w * scale, h: cs.h * scale };
		for (const shape of INFO_SHAPES) {
			const is = infoSize(shape[0], shape[1], shape[2]);
			const info = { w: is.w * scale, h: is.h * scale };
			for (const anchor of anchors) {
				for (const controlSpot of SPOTS) {
					for (const infoSpot of SPOTS) {
						if (controlSpot === infoSpot) continue;
						const boxes = arrange(anchor, aspect, controls, info, [controlSpot, infoSpot]);
						const found = boxes && largest(boxes, room, linZones, MIN_BOARD, top);
						if (found === undefined) continue;
						const height = math.floor(found);
						if (boxes && better(height, shape[0], best))
							best = { height, form: shape[0], boxes, cols, info: shape };
					}
				}
			}
		}
	}
	if (!best) {
		// Nothing fits beside the touch controls (a tiny window): lay out as if they were hidden.
		if (viewport.touch) return planLayout({ width: viewport.width, height: viewport.height, touch: false }, aspect);
		const cs = controlsSize(BUTTON_COUNT);
		const is = infoSize("compact", 10, 1);
		const boxes = arrange(
			[EDGE, EDGE],
			aspect,
			{ w: cs.w * scale, h: cs.h * scale },
			{ w: is.w * scale, h: is.h * scale },
			["below", "underOther"],
		)!;
		best = { height: MIN_BOARD, form: "compact", boxes, cols: BUTTON_COUNT, info: ["compact", 10, 1] };
	}
	const placed = centre(
		best.boxes.map((b) => evaluate(b, best!.height)),
		room,
	);
	return {
		scale,
		board: placed[0],
		controls: { box: placed[1], cols: best.cols },
		info: { box: placed[2], form: best.info[0], cols: best.info[1], rows: best.info[2] },
		zones,
	};
}
