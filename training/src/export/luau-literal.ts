/**
 * JSON-like values as Luau table literals, and back. The reader only needs the subset the writer emits
 * (tables, strings, finite numbers, booleans), which keeps it small and strict.
 */
export type LuauValue = string | number | boolean | LuauValue[] | { [key: string]: LuauValue | undefined };

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set([
	"and",
	"break",
	"do",
	"else",
	"elseif",
	"end",
	"false",
	"for",
	"function",
	"if",
	"in",
	"local",
	"nil",
	"not",
	"or",
	"repeat",
	"return",
	"then",
	"true",
	"until",
	"while",
]);

export function luauString(s: string): string {
	return `"${s.replace(/[\\"\n\r\t]/g, (c) => ({ "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c]!)}"`;
}

export function toLuau(value: LuauValue, indent = ""): string {
	if (typeof value === "string") return luauString(value);
	if (typeof value === "boolean") return String(value);
	if (typeof value === "number") {
		if (!Number.isFinite(value)) throw new Error(`cannot write ${value} to Luau`);
		return String(value);
	}
	const inner = indent + "\t";
	if (Array.isArray(value)) {
		if (value.length === 0) return "{}";
		if (value.every((v) => typeof v === "number" || typeof v === "string"))
			return `{ ${value.map((v) => toLuau(v)).join(", ")} }`;
		return `{\n${value.map((v) => inner + toLuau(v, inner) + ",\n").join("")}${indent}}`;
	}
	const entries = Object.entries(value).filter((e): e is [string, LuauValue] => e[1] !== undefined);
	if (entries.length === 0) return "{}";
	const key = (k: string) => (IDENT.test(k) && !RESERVED.has(k) ? k : `[${luauString(k)}]`);
	return `{\n${entries.map(([k, v]) => `${inner}${key(k)} = ${toLuau(v, inner)},\n`).join("")}${indent}}`;
}

/** Parses `return <literal>` (after comments) as written by `toLuau`. */
export function parseLuauReturn(source: string, label: string): LuauValue {
	let i = 0;
	const fail = (what: string): never => {
		throw new Error(`${label}: ${what} at character ${i}`);
	};
	const skip = () => {
		for (;;) {
			while (i < source.length && /\s/.test(source[i]!)) i++;
			if (source.startsWith("--", i)) {
				const end = source.indexOf("\n", i);
				i = end < 0 ? source.length : end + 1;
			} else return;
		}
	};
	const str = (): string => {
		i++;
		let out = "";
		while (i < source.length && source[i] !== '"') {
			if (source[i] === "\\") {
				const c = source[i + 1];
				out += c === "n" ? "\n" : c === "r" ? "\r" : c === "t" ? "\t" : (c ?? "");
				i += 2;
			} else out += source[i++];
		}
		if (source[i] !== '"') fail("unterminated string");
		i++;
		return out;
	};
	const value = (): LuauValue => {
		skip();
		const c = source[i];
		if (c === '"') return str();
		if (c === "{") return table();
		const m = /^(true|false|-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(source.slice(i, i + 64));
		if (!m) return fail("expected a value");
		i += m[0].length;
		return m[0] === "true" ? true : m[0] === "false" ? false : Number(m[0]);
	};
	const table = (): LuauValue => {
		i++;
		const list: LuauValue[] = [];
		const record: Record<string, LuauValue> = {};
		let keyed = false;
		for (;;) {
			skip();
			if (source[i] === "}") {
				i++;
				break;
			}
			let key: string | undefined;
			const ident = /^([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)/.exec(source.slice(i, i + 80));
			if (ident && ident[1] !== "true" && ident[1] !== "false") {
				key = ident[1];
				i += ident[0].length;
			} else if (source[i] === "[") {
				i++;
				skip();
				if (source[i] !== '"') fail("expected a string key");
				key = str();
				skip();
				if (source[i] !== "]") fail("expected ]");
				i++;
				skip();
				if (source[i] !== "=") fail("expected =");
				i++;
			}
			const v = value();
			if (key === undefined) list.push(v);
			else {
				keyed = true;
				record[key] = v;
			}
			skip();
			if (source[i] === "," || source[i] === ";") i++;
			else if (source[i] !== "}") fail("expected , or }");
		}
		if (keyed && list.length > 0) fail("mixed table");
		return keyed ? record : list;
	};
	skip();
	if (!source.startsWith("return", i)) fail("expected return");
	i += 6;
	const result = value();
	skip();
	if (i < source.length) fail("unexpected text after the value");
	return result;
}
