/** Where Studio looks for local plugins, and copying the built plugin there. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export function studioPluginsDir(platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string | null {
	if (platform === "win32") return env.LOCALAPPDATA ? path.win32.join(env.LOCALAPPDATA, "Roblox", "Plugins") : null;
	if (platform === "darwin") return path.posix.join(home, "Documents", "Roblox", "Plugins");
	return null; // Studio does not run on Linux.
}

export type InstallResult = { installed: true; target: string } | { installed: false; reason: string };

/** Copies only into a plugins folder that already exists: its absence means Studio is not installed here. */
export function installPlugin(pluginFile: string, dir = studioPluginsDir()): InstallResult {
	if (!dir) return { installed: false, reason: "Roblox Studio runs on Windows and macOS only; copy the plugin to that machine." };
	if (!fs.existsSync(dir)) return { installed: false, reason: `No Studio plugins folder at ${dir}. Open Studio once, or use Plugins → Plugins Folder.` };
	const target = path.join(dir, path.basename(pluginFile));
	const temp = `${target}.tmp-${process.pid}`;
	fs.copyFileSync(pluginFile, temp);
	fs.renameSync(temp, target);
	return { installed: true, target };
}
