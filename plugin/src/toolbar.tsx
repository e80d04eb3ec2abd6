import Roact from "@rbxts/roact";
import { App } from "./app/App";

export const WIDGET_ID = "DigitLabPanel";

/**
 * Creates the "DigitLab" toolbar with its Train button and a dock widget that mounts the Roact app
 * the first time it is shown, so Studio start-up pays nothing for a panel nobody opened.
 */
export function installToolbar(host: Plugin) {
	const toolbar = host.CreateToolbar("DigitLab");
	const trainButton = toolbar.CreateButton("Train", "Train a digit model and put it in this place", "", "Train");
	trainButton.ClickableWhenViewportHidden = true;

	const info = new DockWidgetPluginGuiInfo(Enum.InitialDockState.Right, false, false, 320, 480, 260, 320);
	const widget = host.CreateDockWidgetPluginGuiAsync(WIDGET_ID, info);
	widget.Title = "DigitLab";
	widget.Name = WIDGET_ID;

	let tree: Roact.Tree | undefined;
	const mount = () => {
		if (tree === undefined) {
			tree = Roact.mount(<App />, widget, "App");
		}
	};

	const connections = [
		trainButton.Click.Connect(() => {
			widget.Enabled = !widget.Enabled;
			if (widget.Enabled) mount();
		}),
		widget.GetPropertyChangedSignal("Enabled").Connect(() => {
			trainButton.SetActive(widget.Enabled);
			if (widget.Enabled) mount();
		}),
	];

	host.Unloading.Connect(() => {
		for (const connection of connections) connection.Disconnect();
		if (tree !== undefined) Roact.unmount(tree);
		tree = undefined;
	});
	return { toolbar, trainButton, widget };
}
