import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { selectBackend, tfjsNodeRequireFailure } from "../../../training/src/backend";
import { describeBackend, TFJS_NODE_NOT_INSTALLED } from "../../../training/src/backend-notes";

const moduleError = (message: string) => Object.assign(new Error(message), { code: "MODULE_NOT_FOUND" });

describe("why tfjs-node is not in use", () => {
	it("tells a missing package from a package that fails to load, and keeps the load error", () => {
		expect(
			tfjsNodeRequireFailure(moduleError("Cannot find module '@tensorflow/tfjs-node'\nRequire stack:\n- x.js")),
		).toBe(TFJS_NODE_NOT_INSTALLED);
		const binding = tfjsNodeRequireFailure(
			moduleError("Cannot find module '/p/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node'"),
		);
		expect(binding).toMatch(/^tfjs-node: failed to load \(Cannot find module .*tfjs_binding\.node'\)$/);
		expect(tfjsNodeRequireFailure(new Error("libtensorflow.so.2: cannot open shared object file\nmore"))).toBe(
			"tfjs-node: failed to load (libtensorflow.so.2: cannot open shared object file)",
		);
	});

	it("reports the reason next to the backend that was chosen instead", async () => {
		const { backend, notes } = await selectBackend("auto");
		let installed = true;
		try {
			createRequire(import.meta.url).resolve("@tensorflow/tfjs-node");
		} catch {
			installed = false;
		}
		if (!installed) {
			expect(notes[0]).toBe(TFJS_NODE_NOT_INSTALLED);
			expect(describeBackend(backend, notes)).toBe(`${backend} (${TFJS_NODE_NOT_INSTALLED})`);
		}
		if (backend === "tensorflow") expect(describeBackend(backend, notes)).toBe("tensorflow");
		else
			expect(describeBackend(backend, notes)).toMatch(
				/\(tfjs-node: (not installed|installed but|failed to load)/,
			);
	});
});
