/** `digitlab --help` and each command's `--help` print what the README quotes, and the commands parse their flags. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ROOT } from "../../../cli/packaging/bundle";
import { runCommand } from "../../../cli/src/run-command";
import { MAIN_USAGE, USAGE } from "../../../cli/src/usage";

const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

/** The fenced block right after `<!-- <marker> -->` in the README. */
function readmeBlock(marker: string): string | undefined {
	const at = README.indexOf(`<!-- ${marker} -->`);
	if (at < 0) return undefined;
	return /```text\n([\s\S]*?)\n```/.exec(README.slice(at))?.[1];
}

async function printed(argv: string[]): Promise<{ code: number; out: string; err: string }> {
	const out: string[] = [];
	const err: string[] = [];
	vi.spyOn(console, "log").mockImplementation((line: unknown) => void out.push(String(line)));
	vi.spyOn(console, "error").mockImplementation((line: unknown) => void err.push(String(line)));
	const code = await runCommand(argv);
	return { code, out: out.join("\n"), err: err.join("\n") };
}

afterEach(() => vi.restoreAllMocks());

describe("digitlab usage", () => {
	for (const [command, usage] of Object.entries(USAGE)) {
		const marker = command === "" ? "digitlab --help" : `digitlab ${command} --help`;
		it(`${marker} prints the README's text`, async () => {
			expect(readmeBlock(marker), `README.md has a \`<!-- ${marker} -->\` block`).toBe(usage);
			const { code, out } = await printed(command === "" ? ["--help"] : [command, "--help"]);
			expect(code).toBe(0);
			expect(out).toBe(usage);
		});
	}

	it("the real entry point prints it too, and --version prints package.json's version", () => {
		const run = (args: string[]) =>
			execFileSync(process.execPath, ["--import", "tsx", path.join(ROOT, "cli", "src", "digitlab.ts"), ...args], {
				cwd: ROOT,
				encoding: "utf8",
			}).trimEnd();
		expect(run(["--help"])).toBe(MAIN_USAGE);
		const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
		expect(run(["--version"])).toBe(pkg.version);
	});

	it("refuses unknown commands and flags with the usage and exit code 2", async () => {
		expect(await printed(["frobnicate"])).toMatchObject({ code: 2, err: expect.stringContaining(MAIN_USAGE) });
		expect(await printed(["serve", "--port", "80"])).toMatchObject({
			code: 2,
			err: expect.stringMatching(/Port 80 cannot be used[\s\S]*usage: digitlab serve/),
		});
		expect(await printed(["train", "--epochs", "0"])).toMatchObject({
			code: 2,
			err: expect.stringMatching(/--epochs: [\s\S]*usage: digitlab train/),
		});
		expect(await printed(["train", "--engine", "gpu"])).toMatchObject({
			code: 2,
			err: expect.stringMatching(
				/--engine: expected one of kernels, tfjs, got "gpu"[\s\S]*usage: digitlab train/,
			),
		});
		expect(await printed(["train", "--pairs", "0.9"])).toMatchObject({
			code: 2,
			err: expect.stringMatching(
				/--pairs: at most 0\.5: the share of training samples[\s\S]*usage: digitlab train/,
			),
		});
		expect(await printed(["train", "--pairs", "lots"])).toMatchObject({
			code: 2,
			err: expect.stringMatching(/--pairs: [\s\S]*usage: digitlab train/),
		});
		expect(await printed(["install-plugin", "--bogus"])).toMatchObject({
			code: 2,
			err: expect.stringContaining("usage: digitlab install-plugin"),
		});
		expect(await printed(["bake", "--place"])).toMatchObject({
			code: 2,
			err: expect.stringContaining("usage: digitlab bake"),
		});
	});

	it("install-plugin copies the built plugin into a given folder", async () => {
		const dir = fs.mkdtempSync(path.join(ROOT, "build", "plugins-"));
		try {
			const { code, out } = await printed(["install-plugin", "--dir", dir]);
			expect(code).toBe(0);
			expect(out).toContain(path.join(dir, "DigitLab.rbxm"));
			expect(
				fs
					.readFileSync(path.join(dir, "DigitLab.rbxm"))
					.equals(fs.readFileSync(path.join(ROOT, "build", "DigitLab.rbxm"))),
			).toBe(true);
			expect(await printed(["install-plugin", "--dir", path.join(dir, "missing")])).toMatchObject({
				code: 1,
				err: expect.stringContaining("No Studio plugins folder"),
			});
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
