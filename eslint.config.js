// ESLint for the whole tree: the roblox-ts sides (plugin/, place/) get eslint-plugin-roblox-ts, whose rules catch
// what TypeScript accepts but the roblox-ts compiler or Luau cannot run; the Node sides get typescript-eslint.
// Formatting is Prettier's job (.prettierrc.json), so no stylistic rules here.
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import roblox from "eslint-plugin-roblox-ts";
import tseslint from "typescript-eslint";

const ROBLOX_TS = ["plugin/src/**/*.{ts,tsx}", "place/src/**/*.{ts,tsx}"];

// The dashboard is plain browser JavaScript served as-is: these are the browser globals it uses.
const BROWSER_GLOBALS = Object.fromEntries(
	[
		"document",
		"window",
		"fetch",
		"EventSource",
		"URLSearchParams",
		"console",
		"setTimeout",
		"clearTimeout",
		"setInterval",
	].map((name) => [name, "readonly"]),
);

export default defineConfig(
	globalIgnores([
		"**/node_modules/**",
		"**/build/**",
		"**/out/**",
		"**/include/**",
		"dist/**",
		"artifacts/**",
		"coverage/**",
		"**/generated/**",
		"**/.cache/**",
	]),
	{
		linterOptions: { reportUnusedDisableDirectives: "error" },
	},
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ["**/*.{ts,tsx}"],
		rules: {
			// A leading underscore marks a parameter kept for its position in a callback signature.
			"@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
		},
	},
	{
		// The Node side runs async work everywhere (HTTP handlers, worker threads, child processes): a promise nobody
		// awaits loses its error. These rules need type information, from the root tsconfig.json. With --cache a file
		// is re-checked only when it changes, so a clean clone (CI) is the authority for them. Every Node file must be
		// in the root tsconfig.json's include (ESLint says so otherwise), which also keeps `npm run typecheck` whole.
		files: ["**/*.ts"],
		ignores: ROBLOX_TS,
		languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
		rules: {
			"@typescript-eslint/no-floating-promises": "error",
			"@typescript-eslint/no-misused-promises": "error",
			"@typescript-eslint/await-thenable": "error",
		},
	},
	{
		files: ["bridge/public/**/*.js"],
		languageOptions: { sourceType: "module", globals: BROWSER_GLOBALS },
	},
	{
		files: ["eslint.config.js"],
		languageOptions: { sourceType: "module" },
	},
	{
		...roblox.configs.recommended,
		files: ROBLOX_TS,
	},
	{
		...roblox.configs.tsRecommendedCompat,
		files: ROBLOX_TS,
		rules: {
			...roblox.configs.tsRecommendedCompat.rules,
			// The compat config turns this off; unused code is as dead in Luau as in JavaScript. The parser reads
			// jsxFactory (Roact.jsx) from the tsconfig, so Roact imports used only by JSX count as used.
			"@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
		},
	},
);
