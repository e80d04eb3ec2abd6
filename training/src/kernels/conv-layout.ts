/**
 * How the convolution kernels see a CNN: its geometry, read from the model's variable shapes, and the copies of the
 * weights in the kernels' layouts. The shared weights and gradients stay in TF.js's own layout ([3][3][cin][cout]
 * kernels, the exporter's input); each worker repacks the few thousand convolution weights after every update:
 *   forward    [3][3][cs][cp]   input channels at the stored stride cs, output channels padded to cp (× 4)
 *   transposed [cp][3][seg4]    one row per output channel: kernel row i's 3·cs taps, padded to whole vectors
 * and writes its transposed kernel gradient back in TF.js's layout.
 */

/** One 3×3 valid convolution (ReLU) followed by 2×2 max pooling. */
export interface ConvStage {
	/** Input height, width, real channels, stored channels per pixel (1 for the image, else the previous cp). */
	h: number;
	w: number;
	cin: number;
	cs: number;
	filters: number;
	/** Output channels padded to a multiple of 4 (the activations' stored channels). */
	cp: number;
	oh: number;
	ow: number;
	ph: number;
	pw: number;
	/** Floats in one kernel row's taps (3·cs), and their bytes rounded up to whole vectors. */
	seg: number;
	segBytes: number;
	/** Indices of the kernel and bias in the model's variable list. */
	kernel: number;
	bias: number;
	/** Whether the backward pass computes the input's gradient (every stage but the first, whose input is the image). */
	inputGradient: boolean;
	/**
	 * Forward by Winograd's F(2×2, 3×3) (conv-winograd.ts; stages whose input has whole vectors of channels), else
	 * directly (conv-forward.ts). Winograd's output is padded to whole 2×2 tiles: `outW` is its row width in pixels.
	 */
	winograd: boolean;
	outH: number;
	outW: number;
}

export interface CnnGeometry {
	stages: ConvStage[];
	/** Widths of the dense layers after flattening: [flattened, hidden…, classes]. */
	dense: number[];
	/** Index of the first dense kernel in the variable list. */
	firstDense: number;
}

const ceil4 = (n: number) => Math.ceil(n / 4) * 4;

/**
 * The geometry of a createModel CNN (3×3 valid ReLU convolutions, each followed by 2×2 pooling, then dense layers)
 * from its variable shapes and input shape; undefined for anything else.
 */
export function cnnGeometry(shapes: number[][], input: readonly number[]): CnnGeometry | undefined {
	let [h, w, cin] = input as [number, number, number];
	let cs = cin;
	const stages: ConvStage[] = [];
	let v = 0;
	for (; v + 1 < shapes.length && shapes[v]!.length === 4; v += 2) {
		const [kh, kw, c, filters] = shapes[v]! as [number, number, number, number];
		if (kh !== 3 || kw !== 3 || c !== cin || shapes[v + 1]!.join() !== String(filters) || h < 4 || w < 4)
			return undefined;
		const [oh, ow] = [h - 2, w - 2];
		const seg = 3 * cs;
		const winograd = cs % 4 === 0;
		const [outH, outW] = winograd ? [2 * Math.ceil(oh / 2), 2 * Math.ceil(ow / 2)] : [oh, ow];
		stages.push({
			h,
			w,
			cin,
			cs,
			filters,
			cp: ceil4(filters),
			oh,
			ow,
			ph: oh >> 1,
			pw: ow >> 1,
			seg,
			segBytes: ceil4(seg) * 4,
			kernel: v,
			bias: v + 1,
			inputGradient: v > 0,
			winograd,
			outH,
			outW,
		});
		[h, w, cin, cs] = [oh >> 1, ow >> 1, filters, ceil4(filters)];
	}
	if (stages.length === 0) return undefined;
	const dense = [h * w * cin];
	for (let d = v; d < shapes.length; d += 2) {
		const [kernel, bias] = [shapes[d]!, shapes[d + 1]];
		if (kernel.length !== 2 || bias?.length !== 1 || kernel[0] !== dense.at(-1) || bias[0] !== kernel[1])
			return undefined;
		dense.push(kernel[1]!);
	}
	return dense.length >= 2 ? { stages, dense, firstDense: v } : undefined;
}

/** Floats of a stage's forward kernel copy (3×3 or Winograd's 4×4 taps) and of its transposed copy (and gradient). */
export const forwardFloats = (s: ConvStage) => (s.winograd ? 16 : 9) * s.cs * s.cp;
export const transposedFloats = (s: ConvStage) => s.cp * 3 * (s.segBytes / 4);

/** TF.js kernel [3][3][cin][filters] → the forward copy [3][3][cs][cp] (padding stays zero). */
export function packForward(s: ConvStage, kernel: Float32Array, out: Float32Array): void {
	for (let t = 0; t < 9; t++) {
		for (let c = 0; c < s.cin; c++) {
			const src = (t * s.cin + c) * s.filters;
			out.set(kernel.subarray(src, src + s.filters), (t * s.cs + c) * s.cp);
		}
	}
}

/** TF.js kernel → the transposed copy [cp][3][seg4] (padding stays zero). */
export function packTransposed(s: ConvStage, kernel: Float32Array, out: Float32Array): void {
	const seg4 = s.segBytes / 4;
	for (let i = 0; i < 3; i++) {
		for (let j = 0; j < 3; j++) {
			for (let c = 0; c < s.cin; c++) {
				const src = ((i * 3 + j) * s.cin + c) * s.filters;
				const dst = i * seg4 + j * s.cs + c;
				for (let f = 0; f < s.filters; f++) out[f * 3 * seg4 + dst] = kernel[src + f]!;
			}
		}
	}
}

/** The transposed kernel gradient [cp][3][seg4] → TF.js's layout [3][3][cin][filters]. */
export function unpackGradient(s: ConvStage, dwt: Float32Array, out: Float32Array): void {
	const seg4 = s.segBytes / 4;
	for (let i = 0; i < 3; i++) {
		for (let j = 0; j < 3; j++) {
			for (let c = 0; c < s.cin; c++) {
				const dst = ((i * 3 + j) * s.cin + c) * s.filters;
				const src = i * seg4 + j * s.cs + c;
				for (let f = 0; f < s.filters; f++) out[dst + f] = dwt[f * 3 * seg4 + src]!;
			}
		}
	}
}
