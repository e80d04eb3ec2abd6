/** The release archives: names Rokit matches, one per workflow target, and zips that other tools read. */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT } from "../../../cli/packaging/bundle";
import { releaseArchiveName } from "../../../cli/packaging/single-executable";
import { writeZip } from "../../../cli/packaging/zip";

interface MatrixJob {
	"runs-on": string;
	strategy?: { matrix: { include: { runner: string; target: string }[] } };
	steps: { run?: string }[];
}

describe("release archives", () => {
	it("are named digitlab-<version>-<os>-<arch>.zip with Rokit's OS and architecture words", () => {
		expect(releaseArchiveName("1.2.3", "win32", "x64")).toBe("digitlab-1.2.3-windows-x86_64.zip");
		expect(releaseArchiveName("1.2.3", "darwin", "arm64")).toBe("digitlab-1.2.3-macos-aarch64.zip");
		expect(releaseArchiveName("1.2.3", "darwin", "x64")).toBe("digitlab-1.2.3-macos-x86_64.zip");
		expect(releaseArchiveName("1.2.3", "linux", "x64")).toBe("digitlab-1.2.3-linux-x86_64.zip");
		expect(() => releaseArchiveName("1.2.3", "freebsd", "x64")).toThrow(/Rokit/);
	});

	it("are built by the release workflow for Windows x64, macOS arm64 and x64, Linux x64, each on its own OS", () => {
		const workflow = parse(fs.readFileSync(path.join(ROOT, ".github", "workflows", "release.yml"), "utf8")) as {
			jobs: Record<string, MatrixJob>;
		};
		const job = workflow.jobs.executables!;
		const include = job.strategy!.matrix.include;
		expect(include.map((m) => m.target).sort()).toEqual([
			"linux-x86_64",
			"macos-aarch64",
			"macos-x86_64",
			"windows-x86_64",
		]);
		// GitHub's hosted runners: macos-15 is Apple silicon, macos-15-intel is x86_64 (the last Intel image).
		const runnerOf = Object.fromEntries(include.map((m) => [m.target, m.runner]));
		expect(runnerOf["windows-x86_64"]).toMatch(/^windows-/);
		expect(runnerOf["macos-aarch64"]).toMatch(/^macos-\d+$/);
		expect(runnerOf["macos-x86_64"]).toMatch(/^macos-\d+-intel$/);
		expect(runnerOf["linux-x86_64"]).toMatch(/^ubuntu-/);
		const runs = job.steps.map((s) => s.run ?? "").join("\n");
		expect(runs).toContain("npm run package");
		expect(runs).toContain("tests/node/cli/smoke-executable.ts");
		expect(runs).toContain("build/release/digitlab-$version-${{ matrix.target }}.zip");
	});

	it("hold one executable file that unzip reads back with its permissions", (ctx) => {
		if (spawnSync("unzip", ["-v"]).status !== 0) return ctx.skip();
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), "digitlab-zip-"));
		try {
			const data = Buffer.concat([Buffer.from("#!/bin/sh\necho digitlab\n"), Buffer.alloc(70_000, 7)]);
			const zip = path.join(dir, "digitlab-0.0.0-linux-x86_64.zip");
			writeZip(zip, "digitlab", data);
			expect(execFileSync("unzip", ["-Z", zip], { encoding: "utf8" })).toMatch(
				/-rwxr-xr-x .* defN .* digitlab\n/,
			);
			execFileSync("unzip", ["-tq", zip]);
			execFileSync("unzip", ["-q", zip, "-d", path.join(dir, "out")]);
			expect(fs.readFileSync(path.join(dir, "out", "digitlab")).equals(data)).toBe(true);
			expect(fs.statSync(path.join(dir, "out", "digitlab")).mode & 0o777).toBe(0o755);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
