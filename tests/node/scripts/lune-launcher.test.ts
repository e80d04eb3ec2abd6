import fs from "node:fs";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { LAUNCH_STAMP, resolveLune } from "../../../scripts/lib/lune-launcher";

describe("Lune launcher", () => {
	it("resolves a Lune 0.10 that runs Luau", () => {
		const lune = resolveLune();
		expect(lune.version).toMatch(/^lune 0\.10\./);
		const result = spawnSync(lune.program, [...lune.prefix, "run", "-"], {
			input: "print(string.format('%d', 6 * 7))",
			encoding: "utf8",
		});
		expect(result.stderr).toBe("");
		expect(result.stdout.trim()).toBe("42");
	});

	it("remembers its answer in the cache", () => {
		const first = resolveLune();
		if (first.how === "env") return; // an explicit DIGITLAB_LUNE is never cached
		const stamp = JSON.parse(fs.readFileSync(LAUNCH_STAMP, "utf8"));
		expect(stamp.command).toEqual(first);
		expect(resolveLune()).toEqual(first);
	});
});
