// `npm start`: builds the plugin and the place and says where they are.
// (The bridge issue turns this into: build, then serve the training bridge on 127.0.0.1.)
import path from "node:path";
import { buildAll, PLACE_FILE, PLUGIN_FILE } from "./lib/roblox-build";

buildAll();
console.log(`
DigitLab is built.
  Studio plugin: ${path.relative(process.cwd(), PLUGIN_FILE)}   (copy it into Studio's Plugins folder)
  Place:         ${path.relative(process.cwd(), PLACE_FILE)}   (open it in Studio)`);
