// `npm run build`: compiles the plugin and the place and writes build/DigitLab.rbxm and build/DigitLab.rbxl.
import { buildAll } from "./lib/roblox-build";

buildAll();
