/**
 * A fingerprint of an instance tree's scripts: every descendant's path, class and source (line endings made LF),
 * in path order, through 32-bit FNV-1a. Two trees with the same fingerprint hold the same code; an edit to any
 * script, or a script added or removed, changes it. Attributes and script Enabled state are not part of it.
 */

const FNV_OFFSET = 2166136261;
const TWO_32 = 4294967296;
/** Bytes hashed per string.byte call. */
const SLICE = 2048;

function feed(hash: number, text: string): number {
	let h = hash;
	const size = text.size();
	for (let start = 1; start <= size; start += SLICE) {
		const bytes = [...string.byte(text, start, math.min(start + SLICE - 1, size))];
		for (const b of bytes) {
			h = bit32.bxor(h, b);
			// h * 16777619 mod 2^32, with 16777619 = 2^24 + 403 so every step stays exact in a double.
			h = (bit32.lshift(h, 24) + h * 403) % TWO_32;
		}
	}
	return h;
}

function entries(root: Instance): string[] {
	const out: string[] = [];
	const walk = (instance: Instance, path: string) => {
		const source = instance.IsA("LuaSourceContainer")
			? (instance as ModuleScript).Source.gsub("\r\n", "\n")[0]
			: "";
		out.push(`${path}\0${instance.ClassName}\0${source}`);
		for (const child of instance.GetChildren()) walk(child, `${path}/${child.Name}`);
	};
	walk(root, root.Name);
	out.sort();
	return out;
}

/** "fnv1a32:xxxxxxxx" */
export function contentHash(root: Instance): string {
	let h = FNV_OFFSET;
	for (const entry of entries(root)) h = feed(h, `${entry}\0`);
	return string.format("fnv1a32:%08x", h);
}
