/**
 * Imports point one way (docs/architecture.md, "Layout"): every import, export-from, dynamic import, worker entry
 * (`new URL("…", import.meta.url)`) and Luau `require("…")` in the repository's sources, and every root-relative path
 * to a .ts or .luau file written in a string, must reach its own folder or one its folder may use. Tests and
 * benchmarks sit in one place each.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listFiles, readText } from "./source-files";

/**
 * What each top-level folder (or root module) may import besides itself: folders, or single files where one file of a
 * folder is shared on purpose.
 */
export const MAY_IMPORT: Record<string, readonly string[]> = {
	"version.ts": [],
	"cache-dir.ts": [],
	// The picture's shape is named once, in plain constants both roblox-ts and Node compile.
	training: ["version.ts", "cache-dir.ts", "place/src/shared/input-geometry.ts"],
	bridge: ["training", "version.ts", "cache-dir.ts"],
	scripts: ["version.ts", "cache-dir.ts"],
	cli: ["bridge", "scripts", "training", "version.ts", "cache-dir.ts"],
	// The Roblox side is compiled by roblox-ts and packed by Rojo, one project each: nothing outside reaches it.
	plugin: [],
	place: [],
	tests: ["bridge", "cli", "place", "plugin", "scripts", "training", "version.ts", "cache-dir.ts"],
	bench: ["bridge", "cli", "place", "plugin", "scripts", "tests", "training", "version.ts", "cache-dir.ts"],
};

const SOURCE = /\.(ts|tsx|luau)$/;
/** Root modules every Node-side folder may share. */
const ROOT_FILES = ["version.ts", "cache-dir.ts"];

/** The area a root-relative path belongs to: its top-level folder, or the root module it names. */
export function areaOf(rel: string): string {
	const first = rel.split("/")[0]!;
	if (!rel.includes("/")) return ROOT_FILES.find((f) => f === first || f.replace(/\.ts$/, "") === first) ?? first;
	return first;
}

/** Comments may name any file; blanked out (line breaks kept, so line numbers stay right). */
function stripComments(source: string, luau: boolean): string {
	const blank = (text: string) => text.replace(/[^\n]/g, "");
	if (luau) return source.replace(/--\[(=*)\[[\s\S]*?\]\1\]/g, blank).replace(/--.*$/gm, "");
	return source.replace(/\/\*[\s\S]*?\*\//g, blank).replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

export interface Reference {
	line: number;
	specifier: string;
	/** Root-relative target, normalised. */
	target: string;
}

/** Every relative import in `source` (a file at root-relative `rel`) and every root-relative file path in a string. */
export function references(rel: string, source: string): Reference[] {
	const luau = rel.endsWith(".luau");
	const code = stripComments(source, luau);
	const found: Reference[] = [];
	const add = (index: number, specifier: string, fromRoot: boolean) => {
		const target = fromRoot ? path.posix.normalize(specifier) : path.posix.join(path.posix.dirname(rel), specifier);
		found.push({ line: code.slice(0, index).split("\n").length, specifier, target });
	};
	const relative = luau
		? [/\brequire\s*\(?\s*["'`](\.{1,2}\/[^"'`]+)["'`]/g]
		: [
				/\b(?:from|import)\s*["'](\.{1,2}\/[^"']+)["']/g,
				/\bimport\s*\(\s*["'](\.{1,2}\/[^"']+)["']/g,
				/\brequire\s*\(\s*["'](\.{1,2}\/[^"']+)["']/g,
				/\bnew URL\(\s*["'](\.{1,2}\/[^"']+)["']\s*,\s*import\.meta\.url/g,
			];
	for (const pattern of relative) for (const m of code.matchAll(pattern)) add(m.index!, m[1]!, false);
	// A path from the repository root to a source file, as scripts pass to Lune or ship in a package.
	const areas = Object.keys(MAY_IMPORT)
		.filter((a) => !ROOT_FILES.includes(a))
		.join("|");
	const rooted = new RegExp(`["'\`]((?:${areas})/[^"'\`\\s]*\\.(?:ts|tsx|luau))["'\`]`, "g");
	for (const m of code.matchAll(rooted)) add(m.index!, m[1]!, true);
	return found;
}

/** The references in `source` that leave `rel`'s area for one it may not use. */
export function forbidden(rel: string, source: string): string[] {
	const from = areaOf(rel);
	const allowed = MAY_IMPORT[from];
	if (!allowed) return [];
	return references(rel, source)
		.filter((r) => {
			const to = areaOf(r.target);
			// Data and build outputs (package.json, build/, docs/) are not sources: only areas with a rule count.
			if (to === from || MAY_IMPORT[to] === undefined || allowed.includes(to)) return false;
			return !["", ".ts", ".tsx"].some((ext) => allowed.includes(r.target + ext));
		})
		.map((r) => `${rel}:${r.line}: ${from}/ must not use ${areaOf(r.target)}/ ("${r.specifier}")`);
}

const SELF = "tests/node/repo/import-direction.test.ts";
const sources = () =>
	listFiles().filter((rel) => SOURCE.test(rel) && rel !== SELF && MAY_IMPORT[areaOf(rel)] !== undefined);

describe("imports point one way", () => {
	it("catches a forbidden import, require, worker entry and shipped path", () => {
		expect(
			forbidden("training/src/run.ts", 'import { bakePlace } from "../../scripts/lib/bake-place";'),
		).toHaveLength(1);
		expect(forbidden("training/src/run.ts", 'export { x } from "../../bridge/src/protocol";')).toHaveLength(1);
		expect(forbidden("training/src/run.ts", 'const m = await import("../../tests/node/x");')).toHaveLength(1);
		expect(
			forbidden("bridge/src/w.ts", 'new Worker(new URL("../../cli/src/digitlab.ts", import.meta.url));'),
		).toHaveLength(1);
		expect(
			forbidden("scripts/verify-place.luau", 'local World = require("../tests/lune/harness/world")'),
		).toHaveLength(1);
		expect(forbidden("cli/src/shipped.ts", 'const FILES = ["tests/lune/helpers/mnist.luau"];')).toHaveLength(1);
		expect(
			forbidden("tests/lune/place/a.spec.luau", 'local N = require("../../../bench/replay/numbers")'),
		).toHaveLength(1);
		// Allowed: downward, within a folder, packages, the root module, comments.
		expect(
			forbidden("cli/src/x.ts", 'import { a } from "../../bridge/src/app";\nimport b from "express";'),
		).toEqual([]);
		expect(
			forbidden("training/src/x.ts", 'import { DIGITLAB_VERSION } from "../../version";\nimport "./y";'),
		).toEqual([]);
		expect(forbidden("scripts/lib/x.ts", 'import { cacheDir } from "../../cache-dir";')).toEqual([]);
		expect(
			forbidden("training/src/x.ts", 'import { INPUT_SIDE } from "../../place/src/shared/input-geometry";'),
		).toEqual([]);
		expect(forbidden("training/src/x.ts", 'import { Canvas } from "../../place/src/shared/canvas";')).toHaveLength(
			1,
		);
		expect(
			forbidden("scripts/lib/x.ts", 'import { cacheDir } from "../../training/src/ink/stroke-store";'),
		).toHaveLength(1);
		expect(
			forbidden("training/src/x.ts", "// see `tests/lune/place/render.spec.luau`\n/* ../../scripts/lib/a */"),
		).toEqual([]);
		expect(
			forbidden("bench/runtime/x.luau", 'local W = require("../../scripts/lib/lune/world") -- "tests/x.luau"'),
		).toEqual([]);
	});

	it("every source file imports only its own folder or one below it", () => {
		const files = sources();
		expect(files.length).toBeGreaterThan(200);
		const found = files.flatMap((rel) => forbidden(rel, readText(rel)));
		expect(found, 'move the shared piece down (docs/architecture.md, "Layout") or the importer up').toEqual([]);
	});

	it("every Luau require names a file that exists (no compiler checks that for Lune scripts)", () => {
		const exists = new Set(listFiles());
		const missing = sources()
			.filter((rel) => rel.endsWith(".luau"))
			.flatMap((rel) =>
				references(rel, readText(rel))
					.filter(
						(r) =>
							r.specifier.startsWith(".") &&
							![".luau", "/init.luau", ""].some((ext) => exists.has(r.target + ext)),
					)
					.map((r) => `${rel}:${r.line}: require("${r.specifier}")`),
			);
		expect(missing).toEqual([]);
	});

	it("every top-level folder with sources has a rule", () => {
		const folders = new Set(
			listFiles()
				.filter((rel) => SOURCE.test(rel) && rel.includes("/"))
				.map(areaOf),
		);
		expect([...folders].filter((f) => MAY_IMPORT[f] === undefined)).toEqual([]);
	});
});

describe("one place for tests, one for benchmarks", () => {
	const all = () => listFiles().filter((rel) => !rel.startsWith("tests/fixtures/"));

	it("Node tests live in tests/node, Lune specs in tests/lune", () => {
		const misplaced = all().filter(
			(rel) =>
				(/\.(test|e2e)\.tsx?$/.test(rel) && !rel.startsWith("tests/node/")) ||
				(rel.endsWith(".spec.luau") && !rel.startsWith("tests/lune/")),
		);
		expect(misplaced).toEqual([]);
	});

	it("benchmarks live in bench/", () => {
		const misplaced = all().filter(
			(rel) => /(^|\/)(bench-[^/]*|[^/]*\.bench)\.(ts|luau)$/.test(rel) && !rel.startsWith("bench/"),
		);
		expect(misplaced).toEqual([]);
		expect(all().filter((rel) => /(^|\/)bench\//.test(rel) && !rel.startsWith("bench/"))).toEqual([]);
	});
});
