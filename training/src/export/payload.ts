import { createHash } from "node:crypto";

export const FL64_MODULUS = 4294967291;

/** The fl64 checksum of docs/weights-format.md: zero-pad to 4 bytes, LE uint32 words, Fletcher-style sums. */
export function fl64(bytes: Uint8Array): string {
	let a = 1;
	let b = 0;
	const words = Math.ceil(bytes.length / 4);
	for (let k = 0; k < words; k++) {
		const o = k * 4;
		const w =
			((bytes[o] ?? 0) |
				((bytes[o + 1] ?? 0) << 8) |
				((bytes[o + 2] ?? 0) << 16) |
				((bytes[o + 3] ?? 0) << 24)) >>>
			0;
		a = (a + w) % FL64_MODULUS;
		b = (b + a) % FL64_MODULUS;
	}
	const hex8 = (n: number) => n.toString(16).padStart(8, "0");
	return `fl64:${hex8(b)}${hex8(a)}`;
}

export function sha256Hex(bytes: Uint8Array): string {
	return createHash("sha256").update(bytes).digest("hex");
}

export function float32ToBytes(values: ArrayLike<number>): Uint8Array {
	const out = new Uint8Array(values.length * 4);
	const view = new DataView(out.buffer);
	for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
	return out;
}

export function bytesToFloat32(bytes: Uint8Array, offset: number, count: number): Float32Array {
	if (offset + count * 4 > bytes.length)
		throw new Error(
			`float32 tensor at byte ${offset} (${count} values) runs past the payload (${bytes.length} bytes)`,
		);
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const out = new Float32Array(count);
	for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + i * 4, true);
	return out;
}

/** Symmetric per-output-unit (last dimension) int8 quantization: scale = max|w| / 127, or 1 if all zero. */
export function quantizeInt8(values: Float32Array, units: number): { q: Int8Array; scales: Float32Array } {
	const scales = new Float32Array(units);
	for (let i = 0; i < values.length; i++) {
		const u = i % units;
		scales[u] = Math.max(scales[u]!, Math.abs(values[i]!));
	}
	for (let u = 0; u < units; u++) scales[u] = scales[u] === 0 ? 1 : Math.fround(scales[u]! / 127);
	const q = new Int8Array(values.length);
	for (let i = 0; i < values.length; i++)
		q[i] = Math.max(-127, Math.min(127, Math.round(values[i]! / scales[i % units]!)));
	return { q, scales };
}

export function toBase64(bytes: Uint8Array): string {
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

export function fromBase64(text: string): Uint8Array {
	if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw new Error("payload is not valid base64");
	return new Uint8Array(Buffer.from(text, "base64"));
}
