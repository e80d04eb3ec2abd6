import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = path.resolve(import.meta.dirname, "..", "..", "..");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };

interface Step {
	run?: string;
	uses?: string;
}
interface Workflow {
	on: unknown;
	jobs: Record<string, { "runs-on": string; steps: Step[] }>;
}

function load(name: string): Workflow {
	return parse(fs.readFileSync(path.join(root, ".github", "workflows", name), "utf8")) as Workflow;
}

function runSteps(workflow: Workflow): string[] {
	return Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((step) => (step.run ? [step.run] : [])));
}

/** The npm commands .ci/run executes, in order: CI here and on GitHub must be the same scripts. */
function ciRunCommands(): string[] {
	const script = fs.readFileSync(path.join(root, ".ci", "run"), "utf8");
	return script
		.split("\n")
		.map((line) => line.trim())
		.filter((line) => /^npm (ci|test|run)\b/.test(line))
		.map((line) => line.replace(/\s+--no-(audit|fund)/g, ""));
}

describe("GitHub workflows", () => {
	it("ci.yml is valid YAML that runs what .ci/run runs", () => {
		const ci = load("ci.yml");
		expect(Object.keys(ci.jobs)).toContain("test");
		expect(ci.jobs.test["runs-on"]).toBe("ubuntu-latest");
		expect(runSteps(ci)).toEqual(expect.arrayContaining(ciRunCommands()));
		const upload = ci.jobs.test.steps.find((s) => s.uses?.startsWith("actions/upload-artifact"));
		expect(JSON.stringify(upload)).toContain("build/DigitLab.rbxm");
		expect(JSON.stringify(upload)).toContain("build/DigitLab.rbxl");
	});

	it("release.yml tests, bakes and attaches both files on a version tag", () => {
		const release = load("release.yml");
		expect(JSON.stringify(release.on)).toContain("v*");
		const runs = runSteps(release);
		expect(runs).toEqual(expect.arrayContaining(ciRunCommands()));
		expect(runs).toContain("npm run bake");
		expect(runs.join("\n")).toMatch(/build\/DigitLab\.rbxm build\/DigitLab\.rbxl/);
	});

	it("every npm script a workflow runs exists in package.json", () => {
		for (const name of ["ci.yml", "release.yml"]) {
			for (const run of runSteps(load(name))) {
				for (const m of run.matchAll(/npm run ([\w:-]+)/g))
					expect(pkg.scripts, `${name}: ${m[0]}`).toHaveProperty(m[1]);
			}
		}
	});
});
