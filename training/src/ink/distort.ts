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
		waves.push(((Math.cos(dir) * 2 * Math.PI) / len), ((Math.sin(dir) * 2 * Math.PI) / len), random() * Math.PI * 2, (random() * 2 - 1) * o.elastic);
	}
	for (let i = start; i < end; i++) {
		let x = coords[2 * i]! - CENTRE;
		let y = coords[2 * i + 1]! - CENTRE;
		x += waves[3]! * Math.sin(waves[0]! * x + waves[1]! * y + waves[2]!) + waves[7]! * Math.sin(waves[4]! * x + waves[5]! * y + waves[6]!);
		y += waves[11]! * Math.sin(waves[8]! * x + waves[9]! * y + waves[10]!) + waves[15]! * Math.sin(waves[12]! * x + waves[13]! * y + waves[14]!);
		x = (x + slant * y) * aspect;
		const j = 2 * (i - start);
		out[j] = cos * x - sin * y + CENTRE;
		out[j + 1] = sin * x + cos * y + CENTRE;
	}
}
