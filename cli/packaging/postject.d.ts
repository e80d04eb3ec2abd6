/** postject 1.0.0-alpha.6 ships no types; this is the part of its API (dist/api.js) the build calls. */
declare module "postject" {
	export function inject(
		filename: string,
		resourceName: string,
		resourceData: Buffer,
		options?: { machoSegmentName?: string; overwrite?: boolean; sentinelFuse?: string },
	): Promise<void>;
}
