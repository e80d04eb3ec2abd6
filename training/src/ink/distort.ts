/**
 * Random changes of a traced digit's strokes that a hand makes: slant, rotation, narrower or wider writing and a
 * smooth wobble (elastic distortion applied to the points, which is far cheaper than warping pixels). Size and
 * position need no variation: the renderer normalises both, exactly as it does for the board's strokes.
 */

export interface DistortOptions {
	/** radians, uniform in ±maxRotation */
	maxRotation: number;
	/** horizontal shear per unit of height (x += slant·(y − centre)), uniform in ±maxSlant */
	maxSlant: number;
	/** relative width change, uniform in ±maxAspect */
	maxAspect: number;
	/** amplitude in MNIST pixels of a smooth displacement field (two sine waves per axis) */
	elastic: number;
}

const CENTRE = 14;

/**
 * Writes the distorted points of `coords[2·start .. 2·end)` into `out` from index 0 (same layout, x then y).
 * `coords` are MNIST pixels of a 28×28 digit.
 */
export function distortPoints(
	coords: ArrayLike<number>,
	start: number,
	end: number,
	out: Float64Array,
	random: () => number,
	o: DistortOptions,
): void {
	const angle = (random() * 2 - 1) * o.maxRotation;
	const slant = (random() * 2 - 1) * o.maxSlant;
	const aspect = 1 + (random() * 2 - 1) * o.maxAspect;
	const cos = Math.cos(angle);
	const sin = Math.sin(angle);
	// Wavelengths of 12–28 pixels: the field bends a stroke without making it jagged.
	const waves: number[] = [];
	for (let k = 0; k < 4; k++) {
		const len = 12 + random() * 16;
		const dir = random() * Math.PI * 2;
		waves.push(
			(Math.cos(dir) * 2 * Math.PI) / len,
			(Math.sin(dir) * 2 * Math.PI) / len,
			random() * Math.PI * 2,
			(random() * 2 - 1) * o.elastic,
		);
	}
	for (let i = start; i < end; i++) {
		let x = coords[2 * i]! - CENTRE;
		let y = coords[2 * i + 1]! - CENTRE;
		x +=
			waves[3]! * Math.sin(waves[0]! * x + waves[1]! * y + waves[2]!) +
			waves[7]! * Math.sin(waves[4]! * x + waves[5]! * y + waves[6]!);
		y +=
			waves[11]! * Math.sin(waves[8]! * x + waves[9]! * y + waves[10]!) +
			waves[15]! * Math.sin(waves[12]! * x + waves[13]! * y + waves[14]!);
		x = (x + slant * y) * aspect;
		const j = 2 * (i - start);
		out[j] = cos * x - sin * y + CENTRE;
		out[j + 1] = sin * x + cos * y + CENTRE;
	}
}

/**
 * A stroke that runs on: writing fast, a 7's bar or a 2's base often overshoots, over or under the next digit. Picks
 * a stroke end along the top or bottom quarter of the digit that points sideways (within 35° of level) and adds a
 * nearly level extension of `minLength`..`maxLength` digit heights as one more stroke (the renderer draws strokes as
 * a union, so this equals drawing the longer stroke). `coords` holds `points` points; `ends[k]` is the point count
 * after stroke k. Returns the new stroke count, or `count` when no end qualifies or `coords`/`ends` lack room.
 */
export function extendStroke(
	coords: Float64Array,
	ends: Int32Array,
	count: number,
	random: () => number,
	minLength: number,
	maxLength: number,
): number {
	const points = count > 0 ? ends[count - 1]! : 0;
	if (count >= ends.length || 2 * (points + 2) > coords.length) return count;
	let y0 = Infinity;
	let y1 = -Infinity;
	for (let i = 0; i < points; i++) {
		y0 = Math.min(y0, coords[2 * i + 1]!);
		y1 = Math.max(y1, coords[2 * i + 1]!);
	}
	const h = y1 - y0;
	const tips: number[] = [];
	let start = 0;
	for (let k = 0; k < count; k++) {
		const end = ends[k]!;
		if (end - start >= 4) {
			for (const [tip, from] of [
				[start, start + 3],
				[end - 1, end - 4],
			] as const) {
				const dx = coords[2 * tip]! - coords[2 * from]!;
				const dy = coords[2 * tip + 1]! - coords[2 * from + 1]!;
				const len = Math.hypot(dx, dy);
				const y = coords[2 * tip + 1]!;
				const edge = y <= y0 + 0.25 * h || y >= y1 - 0.25 * h;
				if (len > 0 && edge && Math.abs(dx) / len > Math.cos((35 * Math.PI) / 180))
					tips.push(tip, dx / len, dy / len);
			}
		}
		start = end;
	}
	if (tips.length === 0) return count;
	const pick = 3 * Math.floor((random() * tips.length) / 3);
	const tip = tips[pick]!;
	const ux = Math.sign(tips[pick + 1]!);
	const slope = Math.max(-0.2, Math.min(0.2, tips[pick + 2]! / Math.abs(tips[pick + 1]!)));
	const length = (minLength + random() * (maxLength - minLength)) * h;
	const tx = coords[2 * tip]!;
	const ty = coords[2 * tip + 1]!;
	coords[2 * points] = tx;
	coords[2 * points + 1] = ty;
	coords[2 * points + 2] = tx + ux * length;
	coords[2 * points + 3] = ty + slope * length;
	ends[count] = points + 2;
	return count + 1;
}
