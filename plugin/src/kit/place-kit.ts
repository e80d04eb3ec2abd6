/**
 * The place kit the plugin carries (built from place/ by scripts/lib/roblox-build.ts): a copy of the place
 * project's tree under the plugin's `Kit` folder. Folders standing for services and other engine containers
 * carry a `DigitLabClass` attribute (ReplicatedStorage, StarterPlayer, StarterPlayerScripts…); the folders under
 * them without it are DigitLab's own containers (ReplicatedStorage.DigitLab, …StarterPlayerScripts.DigitLabClient).
 * Only the children of DigitLab's own containers are ever written into a place, each replacing the child of the
 * same name, so nothing of the creator's outside those containers is touched. Scripts in the kit are stored
 * disabled (a plugin runs the scripts it contains); those marked `DigitLabEnabled` are enabled in the place.
 *
 * The runtime is the kit item at RUNTIME_PATH; every other item belongs to the drawing board.
 */
import { contentHash } from "./content-hash";

export const CLASS_ATTRIBUTE = "DigitLabClass";
export const ENABLE_ATTRIBUTE = "DigitLabEnabled";
export const RUNTIME_PATH = ["ReplicatedStorage", "DigitLab", "Runtime"];
export const MODEL_NAME = "Model";

/** The DataModel as far as the kit needs it. */
export interface PlaceLike {
	GetService(name: string): Instance;
}

/** Where a container sits: names from the DataModel down (service first) and the class of each level. */
export interface ContainerPath {
	containerPath: string[];
	classes: string[];
}

export interface KitItem extends ContainerPath {
	instance: Instance;
}

/** ReplicatedStorage.DigitLab, where the runtime and the model live. */
export const DIGITLAB_CONTAINER: ContainerPath = {
	containerPath: [RUNTIME_PATH[0], RUNTIME_PATH[1]],
	classes: [RUNTIME_PATH[0], "Folder"],
};

export function kitItems(kit: Instance): KitItem[] {
	const items: KitItem[] = [];
	const walk = (node: Instance, path: string[], classes: string[]) => {
		for (const child of node.GetChildren()) {
			const engineClass = child.GetAttribute(CLASS_ATTRIBUTE);
			if (typeIs(engineClass, "string")) {
				walk(child, [...path, child.Name], [...classes, engineClass]);
			} else {
				for (const item of child.GetChildren()) {
					items.push({
						containerPath: [...path, child.Name],
						classes: [...classes, child.ClassName],
						instance: item,
					});
				}
			}
		}
	};
	walk(kit, [], []);
	return items;
}

const pathOf = (item: KitItem) => [...item.containerPath, item.instance.Name].join(".");
export const isRuntime = (item: KitItem) => pathOf(item) === RUNTIME_PATH.join(".");

/** The item's container in the place, or undefined (with `create`, missing levels are made). */
export function findContainer(place: PlaceLike, item: ContainerPath, create: boolean): Instance | undefined {
	let node: Instance | undefined;
	item.containerPath.forEach((name, i) => {
		if (i === 0) {
			const [ok, service] = pcall(() => place.GetService(name));
			node = ok ? service : undefined;
			return;
		}
		if (node === undefined) return;
		let child = node.FindFirstChild(name);
		if (child === undefined && create) {
			child = new Instance(item.classes[i] as keyof CreatableInstances);
			child.Name = name;
			child.Parent = node;
		}
		node = child;
	});
	return node;
}

export function placeItem(place: PlaceLike, item: KitItem): Instance | undefined {
	return findContainer(place, item, false)?.FindFirstChild(item.instance.Name);
}

/** A copy ready for the place: scripts the place build had enabled are enabled again. */
export function cloneForPlace(item: KitItem): Instance {
	const copy = item.instance.Clone();
	for (const node of [copy, ...copy.GetDescendants()]) {
		if (node.GetAttribute(ENABLE_ATTRIBUTE) !== true) continue;
		node.SetAttribute(ENABLE_ATTRIBUTE, undefined);
		// BaseScript.Enabled, and the older Disabled property it replaced (the kit's files set Disabled): both,
		// since a build or tool may honour either.
		pcall(() => ((node as Script).Enabled = true));
		pcall(() => ((node as unknown as { Disabled: boolean }).Disabled = false));
	}
	return copy;
}

export type BoardState = "absent" | "current" | "different";

/** Whether the place holds the drawing board, and whether it is this plugin's. */
export function boardState(place: PlaceLike, kit: Instance): BoardState {
	let present = 0;
	let same = 0;
	let total = 0;
	for (const item of kitItems(kit)) {
		if (isRuntime(item)) continue;
		total += 1;
		const existing = placeItem(place, item);
		if (existing === undefined) continue;
		present += 1;
		if (contentHash(existing) === contentHash(item.instance)) same += 1;
	}
	if (present === 0) return "absent";
	return same === total ? "current" : "different";
}
