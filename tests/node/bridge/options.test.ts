import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_PORT, parseBridgeOptions } from "../../../bridge/src/cli-options";
import { defaultDataDir } from "../../../bridge/src/data-dir";
import { installPlugin, studioPluginsDir } from "../../../bridge/src/plugin-install";
import { tempDir } from "./harness";

describe("bridge options", () => {
	it("takes the port from the flag, then DIGITLAB_PORT, then the default; refuses ports Studio blocks", () => {
		expect(parseBridgeOptions([], {}).port).toBe(DEFAULT_PORT);
		expect(DEFAULT_PORT).toBeGreaterThan(1024);
		expect(parseBridgeOptions([], { DIGITLAB_PORT: "40000" }).port).toBe(40000);
		expect(parseBridgeOptions(["--port", "41000"], { DIGITLAB_PORT: "40000" }).port).toBe(41000);
		for (const bad of ["80", "1024", "1194", "65536", "abc", "-1", "1e4"])
			expect(() => parseBridgeOptions([`--port=${bad}`], {})).toThrow(/cannot be used/);
		expect(() => parseBridgeOptions(["--bogus"], {})).toThrow();
		expect(parseBridgeOptions(["--data-dir", "/x", "--install-plugin", "--no-build"], {})).toMatchObject({
			dataDir: "/x",
			installPlugin: true,
			build: false,
		});
	});
	it("keeps data in the user's cache folder", () => {
		expect(defaultDataDir({ XDG_CACHE_HOME: "/c" }, "linux", "/home/u")).toBe("/c/digitlab");
		expect(defaultDataDir({}, "linux", "/home/u")).toBe("/home/u/.cache/digitlab");
		expect(defaultDataDir({ XDG_CACHE_HOME: "relative" }, "linux", "/home/u")).toBe("/home/u/.cache/digitlab");
		expect(defaultDataDir({}, "darwin", "/Users/u")).toBe("/Users/u/Library/Caches/DigitLab");
		expect(defaultDataDir({ LOCALAPPDATA: "C:\\Users\\u\\AppData\\Local" }, "win32", "C:\\Users\\u")).toBe(
			"C:\\Users\\u\\AppData\\Local\\DigitLab",
		);
	});
	it("installs the plugin only into an existing Studio plugins folder", () => {
		expect(studioPluginsDir("win32", { LOCALAPPDATA: "C:\\L" }, "C:\\U")).toBe("C:\\L\\Roblox\\Plugins");
		expect(studioPluginsDir("darwin", {}, "/Users/u")).toBe("/Users/u/Documents/Roblox/Plugins");
		expect(studioPluginsDir("linux", {}, "/home/u")).toBeNull();
		const dir = tempDir("digitlab-plugins-");
		const plugin = path.join(dir, "DigitLab.rbxm");
		fs.writeFileSync(plugin, "model");
		const target = path.join(dir, "Plugins");
		expect(installPlugin(plugin, target)).toMatchObject({ installed: false });
		fs.mkdirSync(target);
		expect(installPlugin(plugin, target)).toEqual({ installed: true, target: path.join(target, "DigitLab.rbxm") });
		expect(fs.readFileSync(path.join(target, "DigitLab.rbxm"), "utf8")).toBe("model");
		expect(installPlugin(plugin, null)).toMatchObject({ installed: false });
		fs.rmSync(dir, { recursive: true, force: true });
	});
});
