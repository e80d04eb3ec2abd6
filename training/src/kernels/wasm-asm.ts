/**
 * A minimal WebAssembly encoder: just what DigitLab's training kernels need (i32/f32/v128 locals, loops, loads and
 * stores, a few SIMD ops, one imported shared memory). Writing the bytes here keeps the kernels free of a compiler
 * toolchain and of files to ship: the module is built in memory when a trainer starts.
 */

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F32 | typeof V128;

export function uleb(n: number): number[] {
	const out: number[] = [];
	do {
		let byte = n & 0x7f;
		n >>>= 7;
		if (n !== 0) byte |= 0x80;
		out.push(byte);
	} while (n !== 0);
	return out;
}

export function sleb(n: number): number[] {
	const out: number[] = [];
	for (;;) {
		const byte = n & 0x7f;
		n >>= 7;
		if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
			out.push(byte);
			return out;
		}
		out.push(byte | 0x80);
	}
}

const name = (s: string) => [...uleb(s.length), ...new TextEncoder().encode(s)];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];

/** SIMD opcodes (0xfd prefix) used by the kernels; unprefixed names are f32x4. */
export const SIMD = {
	load: 0x00,
	load32Splat: 0x09,
	store: 0x0b,
	const: 0x0c,
	i32x4Splat: 0x11,
	splat: 0x13,
	extractLane: 0x1f,
	eq: 0x41,
	ne: 0x42,
	gt: 0x44,
	and: 0x4e,
	or: 0x50,
	bitselect: 0x52,
	anyTrue: 0x53,
	sqrt: 0xe3,
	add: 0xe4,
	sub: 0xe5,
	mul: 0xe6,
	div: 0xe7,
	max: 0xe9,
	/** pmax(a, b) = a < b ? b : a: one x86 maxps, where f32x4.max costs a NaN- and sign-of-zero-exact sequence. */
	pmax: 0xeb,
} as const;

/** Scalar opcodes the kernels use by name. */
export const OP = {
	i32Eqz: 0x45,
	i32Eq: 0x46,
	i32Ne: 0x47,
	i32LtS: 0x48,
	i32LeS: 0x4c,
	f32Eq: 0x5b,
	f32Ne: 0x5c,
	f32Gt: 0x5e,
	i32Add: 0x6a,
	i32Sub: 0x6b,
	i32Mul: 0x6c,
	i32And: 0x71,
	i32Shl: 0x74,
	f32Add: 0x92,
	f32Sub: 0x93,
	f32Mul: 0x94,
	f32Max: 0x97,
} as const;

/** One function body, emitted instruction by instruction, with helpers for structured loops. */
export class Fn {
	readonly code: number[] = [];
	private readonly extra: ValType[] = [];

	/** `results`: at most one value, left on the stack at the end of the body. */
	constructor(
		readonly params: ValType[],
		readonly results: ValType[] = [],
	) {}

	local(type: ValType): number {
		this.extra.push(type);
		return this.params.length + this.extra.length - 1;
	}

	op(...bytes: number[]): this {
		this.code.push(...bytes);
		return this;
	}
	get(i: number): this {
		return this.op(0x20, ...uleb(i));
	}
	set(i: number): this {
		return this.op(0x21, ...uleb(i));
	}
	tee(i: number): this {
		return this.op(0x22, ...uleb(i));
	}
	i32(n: number): this {
		return this.op(0x41, ...sleb(n | 0));
	}
	f32(x: number): this {
		const b = new Uint8Array(new Float32Array([x]).buffer);
		return this.op(0x43, ...b);
	}
	add(): this {
		return this.op(0x6a);
	}
	sub(): this {
		return this.op(0x6b);
	}
	mul(): this {
		return this.op(0x6c);
	}
	simd(opcode: number, ...immediates: number[]): this {
		return this.op(0xfd, ...uleb(opcode), ...immediates);
	}
	/** v128.load / v128.store at the address on the stack plus a constant byte offset. */
	vload(offset = 0): this {
		return this.simd(SIMD.load, 2, ...uleb(offset));
	}
	vstore(offset = 0): this {
		return this.simd(SIMD.store, 2, ...uleb(offset));
	}
	fload(offset = 0): this {
		return this.op(0x2a, 2, ...uleb(offset));
	}
	fstore(offset = 0): this {
		return this.op(0x38, 2, ...uleb(offset));
	}
	iload(offset = 0): this {
		return this.op(0x28, 2, ...uleb(offset));
	}
	istore(offset = 0): this {
		return this.op(0x36, 2, ...uleb(offset));
	}
	vzero(): this {
		return this.simd(SIMD.const, ...new Array(16).fill(0));
	}
	/** `if` (no result) on the i32 on the stack; `orElse` becomes the else arm. */
	when(then: () => void, orElse?: () => void): this {
		this.op(0x04, 0x40);
		then();
		if (orElse) {
			this.op(0x05);
			orElse();
		}
		return this.op(0x0b);
	}
	/**
	 * for (i = start; cond(i); i += step) body. `cond` leaves an i32 on the stack (non-zero: go on). Inside `body`,
	 * the loop is branch depth 0 and its enclosing block depth 1 (plus any blocks the body opens).
	 */
	loop(i: number, start: () => void, cond: () => void, step: () => void, body: () => void): this {
		start();
		this.set(i);
		this.op(0x02, 0x40, 0x03, 0x40);
		cond();
		this.op(0x45, 0x0d, 1); // i32.eqz; br_if 1 (leave)
		body();
		step();
		this.op(0x0c, 0, 0x0b, 0x0b); // br 0; end loop; end block
		return this;
	}
	/** for (i = from(); i < limit(); i += by) body, signed comparison. */
	range(i: number, from: () => void, limit: () => void, by: number, body: () => void): this {
		return this.loop(
			i,
			from,
			() => {
				this.get(i);
				limit();
				this.op(0x48); // i32.lt_s
			},
			() => this.get(i).i32(by).add().set(i),
			body,
		);
	}

	encode(): number[] {
		const groups: number[][] = this.extra.map((t) => [1, t]);
		const body = [...vec(groups), ...this.code, 0x0b];
		return [...uleb(body.length), ...body];
	}
}

export interface Export {
	name: string;
	fn: Fn;
}

/** A module whose only import is `env.memory`, shared, of `maxPages` 64 KiB pages at most. */
export function encodeModule(functions: Export[], maxPages: number): Uint8Array {
	const types = functions.map(({ fn }) => [
		0x60,
		...vec(fn.params.map((p) => [p])),
		...vec(fn.results.map((r) => [r])),
	]);
	const imports = vec([[...name("env"), ...name("memory"), 0x02, 0x03, ...uleb(1), ...uleb(maxPages)]]);
	const bytes = [
		...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
		...section(1, vec(types)),
		...section(2, imports),
		...section(3, vec(functions.map((_, i) => uleb(i)))),
		...section(7, vec(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
		...section(10, vec(functions.map(({ fn }) => fn.encode()))),
	];
	return new Uint8Array(bytes);
}
