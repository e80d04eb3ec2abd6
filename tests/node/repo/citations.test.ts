/**
 * The repository explains itself: no file cites documents that are not in it or carries notes about who works on
 * what. Design reasons go into docs/ (docs/architecture.md for the whole) and comments point at files here.
 */
import { describe, expect, it } from "vitest";
import { listFiles, readText } from "./source-files";

const TEXT =
	/\.(ts|tsx|js|mjs|cjs|luau|lua|md|json|ya?ml|css|html|toml|sh)$|(^|\/)(run|\.gitignore|\.editorconfig|\.luaurc)$/;
/** Data the tests read (MNIST digits, traced strokes, sample models) and npm's lock file: not written by people. */
const DATA = /^tests\/fixtures\/.*\.(json|bin|sse)$|^package-lock\.json$/;
const SELF = "tests/node/repo/citations.test.ts";

export const FORBIDDEN: { what: string; pattern: RegExp }[] = [
	{ what: "a design or style file outside the repository", pattern: /\b(STYLE|DESIGN)\.md\b/ },
	{ what: "a section of an outside document", pattern: /§|\bDESIGN\s*:\s/ },
	{ what: "a work brief", pattern: /\b(team|task|project|design) brief\b/i },
	{ what: "who owns what", pattern: /\bowned by\b|\bengineers?\b/i },
	{ what: "an issue or ticket number", pattern: /\b(issue|ticket)s?\s*#?\d+|\bitem \d+\b/i },
	{ what: "the name of a coding assistant", pattern: /\b(claude|chatgpt|copilot|codex)\b/i },
];

export function citations(text: string): { line: number; what: string; text: string }[] {
	const found: { line: number; what: string; text: string }[] = [];
	text.split("\n").forEach((line, i) => {
		for (const { what, pattern } of FORBIDDEN)
			if (pattern.test(line)) found.push({ line: i + 1, what, text: line.trim() });
	});
	return found;
}

describe("the repository explains itself", () => {
	it("finds each kind of citation it forbids", () => {
		// Assembled from parts, so this file does not read as a citation itself to a plain text search.
		const md = ".md";
		const samples = [
			`// (STYLE${md}: thin entry points)`,
			`/** the RuntimeLib path differs (DESIGN${md} §5). */`,
			"-- one message (DESIGN: ~16 KB at most)",
			`/** through the Runtime API (team ${"brief"}, "Runtime") */`,
			" * The one place the bridge touches the trainer (training/src, owned by the Training engineer).",
			`// see ${"issue"} 5, ${"item"} 8`,
		];
		for (const sample of samples) expect(citations(sample), sample).not.toEqual([]);
		// Ordinary words and names stay allowed.
		expect(citations("const DESIGN = { head: 1 }; DESIGN.head; zod's error.issues; a brief pause")).toEqual([]);
	});

	it("no file cites an outside document or carries a process note", () => {
		const files = listFiles("", (rel) => DATA.test(rel)).filter((rel) => TEXT.test(rel) && rel !== SELF);
		expect(files.length).toBeGreaterThan(100);
		const found = files.flatMap((rel) =>
			citations(readText(rel)).map((c) => `${rel}:${c.line}: ${c.what}: ${c.text}`),
		);
		expect(found, "replace each with the fact, or with a pointer to a file in this repository").toEqual([]);
	});
});
