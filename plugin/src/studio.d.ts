// Studio members that exist in the engine but are missing from @rbxts/types' generated declarations.
interface PluginGui {
	Title: string;
}
interface PluginToolbarButton {
	ClickableWhenViewportHidden: boolean;
}
