/**
 * Fingerprints (content-hash.ts) of runtimes that DigitLab shipped without a stamp, i.e. inside DigitLab.rbxl
 * builds, mapped to their version. A place whose runtime matches one is updated without asking. When a release
 * changes the runtime, add the previous release's fingerprint here (the place-kit spec prints the current one).
 */
export const SHIPPED_RUNTIMES: Readonly<Record<string, string>> = {
	"fnv1a32:cfde9534": "0.1.0",
};
