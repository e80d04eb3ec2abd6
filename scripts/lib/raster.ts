// A tiny RGBA raster with rectangles, hatching and a 5×7 bitmap font, written out as PNG with node:zlib: enough to
// draw layout diagrams anywhere Node runs, without a browser or native image libraries.
import zlib from "node:zlib";

export type Rgba = [number, number, number, number];

// The classic 5×7 ASCII font (column-major, bit 0 = top row), for codes 32..126.
const FONT = [
	"0000000000",
	"00005f0000",
	"0007000700",
	"147f147f14",
	"242a7f2a12",
	"2313086462",
	"3649552250",
	"0005030000",
	"001c224100",
	"0041221c00",
	"082a1c2a08",
	"08083e0808",
	"0050300000",
	"0808080808",
	"0060600000",
	"2010080402",
	"3e5149453e",
	"00427f4000",
	"4261514946",
	"2141454b31",
	"1814127f10",
	"2745454539",
	"3c4a494930",
	"0171090503",
	"3649494936",
	"064949291e",
	"0036360000",
	"0056360000",
	"0008142241",
	"1414141414",
	"4122140800",
	"0201510906",
	"324979413e",
	"7e1111117e",
	"7f49494936",
	"3e41414122",
	"7f4141221c",
	"7f49494941",
	"7f09090101",
	"3e41415132",
	"7f0808087f",
	"00417f4100",
	"2040413f01",
	"7f08142241",
	"7f40404040",
	"7f0204027f",
	"7f0408107f",
	"3e4141413e",
	"7f09090906",
	"3e4151215e",
	"7f09192946",
	"4649494931",
	"01017f0101",
	"3f4040403f",
	"1f2040201f",
	"7f2018207f",
	"6314081463",
	"0304780403",
	"6151494543",
	"00007f4141",
	"0204081020",
	"41417f0000",
	"0402010204",
	"4040404040",
	"0001020400",
	"2054545478",
	"7f48444438",
	"3844444420",
	"384444487f",
	"3854545418",
	"087e090102",
	"081454543c",
	"7f08040478",
	"00447d4000",
	"2040443d00",
	"007f102844",
	"00417f4000",
	"7c04180478",
	"7c08040478",
	"3844444438",
	"7c14141408",
	"081414187c",
	"7c08040408",
	"4854545420",
	"043f444020",
	"3c4040207c",
	"1c2040201c",
	"3c4030403c",
	"4428102844",
	"0c5050503c",
	"4464544c44",
	"0008364100",
	"00007f0000",
	"0041360800",
	"08082a1c08",
];

export class Raster {
	readonly data: Uint8Array;
	constructor(
		readonly width: number,
		readonly height: number,
		background: Rgba,
	) {
		this.data = new Uint8Array(width * height * 4);
		this.fill({ x: 0, y: 0, w: width, h: height }, background);
	}

	/** Alpha-blends one pixel. */
	blend(x: number, y: number, [r, g, b, a]: Rgba) {
		if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
		const i = (y * this.width + x) * 4;
		const k = a / 255;
		this.data[i] = Math.round(this.data[i] * (1 - k) + r * k);
		this.data[i + 1] = Math.round(this.data[i + 1] * (1 - k) + g * k);
		this.data[i + 2] = Math.round(this.data[i + 2] * (1 - k) + b * k);
		this.data[i + 3] = 255;
	}

	fill(box: { x: number; y: number; w: number; h: number }, color: Rgba) {
		const x0 = Math.max(0, Math.round(box.x));
		const y0 = Math.max(0, Math.round(box.y));
		const x1 = Math.min(this.width, Math.round(box.x + box.w));
		const y1 = Math.min(this.height, Math.round(box.y + box.h));
		for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) this.blend(x, y, color);
	}

	/** Diagonal stripes: a zone that must stay free. */
	hatch(box: { x: number; y: number; w: number; h: number }, color: Rgba, spacing = 10) {
		const x0 = Math.round(box.x);
		const y0 = Math.round(box.y);
		for (let y = y0; y < Math.round(box.y + box.h); y++)
			for (let x = x0; x < Math.round(box.x + box.w); x++) if ((x + y) % spacing < 2) this.blend(x, y, color);
	}

	outline(box: { x: number; y: number; w: number; h: number }, color: Rgba, thickness = 1) {
		const { x, y, w, h } = box;
		this.fill({ x, y, w, h: thickness }, color);
		this.fill({ x, y: y + h - thickness, w, h: thickness }, color);
		this.fill({ x, y: y + thickness, w: thickness, h: h - 2 * thickness }, color);
		this.fill({ x: x + w - thickness, y: y + thickness, w: thickness, h: h - 2 * thickness }, color);
	}

	/** Width of `text` at font scale `size` (px per font dot). */
	static textWidth(text: string, size: number): number {
		return text.length * 6 * size - size;
	}

	/** Draws `text` (ASCII; others as '?') with its top-left at (x, y), on an optional backing box. */
	text(x: number, y: number, text: string, color: Rgba, size = 1, backing?: Rgba) {
		if (backing)
			this.fill({ x: x - size, y: y - size, w: Raster.textWidth(text, size) + 2 * size, h: 9 * size }, backing);
		let cx = Math.round(x);
		for (const ch of text) {
			const code = ch.charCodeAt(0);
			const glyph = FONT[code >= 32 && code <= 126 ? code - 32 : 31];
			for (let col = 0; col < 5; col++) {
				const bits = parseInt(glyph.slice(col * 2, col * 2 + 2), 16);
				for (let row = 0; row < 7; row++)
					if (bits & (1 << row))
						this.fill({ x: cx + col * size, y: Math.round(y) + row * size, w: size, h: size }, color);
			}
			cx += 6 * size;
		}
	}

	png(): Buffer {
		const raw = Buffer.alloc((this.width * 4 + 1) * this.height);
		for (let y = 0; y < this.height; y++) {
			raw[y * (this.width * 4 + 1)] = 0; // filter: none
			Buffer.from(this.data.buffer, y * this.width * 4, this.width * 4).copy(raw, y * (this.width * 4 + 1) + 1);
		}
		const header = Buffer.alloc(13);
		header.writeUInt32BE(this.width, 0);
		header.writeUInt32BE(this.height, 4);
		header[8] = 8; // bit depth
		header[9] = 6; // RGBA
		return Buffer.concat([
			Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
			chunk("IHDR", header),
			chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
			chunk("IEND", Buffer.alloc(0)),
		]);
	}
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(bytes: Buffer): number {
	let c = 0xffffffff;
	for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, body: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(body.length, 0);
	const typed = Buffer.concat([Buffer.from(type, "ascii"), body]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(typed), 0);
	return Buffer.concat([length, typed, crc]);
}
