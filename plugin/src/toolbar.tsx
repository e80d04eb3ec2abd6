import Roact from "@rbxts/roact";
import { App } from "./app/App";
import { Actions } from "./app/status-views";
import { readTheme, studioTheme } from "./app/theme";
import { Session } from "./session/session";
import { createStudioSession } from "./studio-session";

export const WIDGET_ID = "DigitLabPanel";

/**
 * Creates the "DigitLab" toolbar (Train, Panel) and the dock widget. The Roact tree mounts the first time the
 * panel is open — including when Studio restores it open from the last session (DockWidgetPluginGuiInfo with
 * InitialEnabledShouldOverrideRestore = false keeps the saved state). Every Studio connection made here is
 * disconnected on plugin.Unloading, which also closes any open stream client at once: no thread of the plugin
 * runs after it.
 */
export function installToolbar(host: Plugin, makeSession: (host: Plugin) => Session = createStudioSession) {
	const toolbar = host.CreateToolbar("DigitLab");
	const trainButton = toolbar.CreateButton(
		"Train",
		"Train a digit model with the last used settings and put it in this place",
		"",
		"Train",
	);
	const panelButton = toolbar.CreateButton("Panel", "Show or hide the DigitLab panel", "", "Panel");
	trainButton.ClickableWhenViewportHidden = true;
	panelButton.ClickableWhenViewportHidden = true;

	const info = new DockWidgetPluginGuiInfo(Enum.InitialDockState.Right, false, false, 340, 560, 280, 320);
	const widget = host.CreateDockWidgetPluginGuiAsync(WIDGET_ID, info);
	widget.Title = "DigitLab";
	widget.Name = WIDGET_ID;

	const session = makeSession(host);
	// Actions may block on HTTP: run each on its own thread so input handlers return at once.
	const actions: Actions = {
		connect: () => task.spawn(() => session.connect()),
		train: () => task.spawn(() => session.train()),
		cancel: () => session.cancel(),
		retryWrite: () => task.spawn(() => session.retryWrite()),
		confirmRuntime: (choice) => task.spawn(() => session.confirmRuntime(choice)),
		addBoard: () => task.spawn(() => session.addBoard()),
		setAddBoard: (on) => session.setAddBoard(on),
		updateSettings: (patch) => session.updateSettings(patch),
	};
	let theme = readTheme(studioTheme());
	let tree: Roact.Tree | undefined;
	const element = () => <App state={session.state} theme={theme} actions={actions} />;
	const render = () => {
		if (tree !== undefined) Roact.update(tree, element());
	};
	const mount = () => {
		if (tree !== undefined) return;
		tree = Roact.mount(element(), widget, "App");
		session.refreshPlace();
		if (session.state.status === "disconnected" && session.state.error === undefined) actions.connect();
	};

	const unsubscribe = session.subscribe(render);
	const changeHistory = game.GetService("ChangeHistoryService");
	const connections = [
		trainButton.Click.Connect(() => {
			// A toolbar button stays pressed after a click; Train is an action, not a mode.
			trainButton.SetActive(false);
			widget.Enabled = true;
			mount();
			actions.train();
		}),
		panelButton.Click.Connect(() => {
			widget.Enabled = !widget.Enabled;
			panelButton.SetActive(widget.Enabled);
			if (widget.Enabled) mount();
		}),
		widget.GetPropertyChangedSignal("Enabled").Connect(() => {
			panelButton.SetActive(widget.Enabled);
			if (widget.Enabled) {
				mount();
				session.refreshPlace();
			}
		}),
		changeHistory.OnUndo.Connect(() => session.refreshPlace()),
		changeHistory.OnRedo.Connect(() => session.refreshPlace()),
		settings().Studio.ThemeChanged.Connect(() => {
			theme = readTheme(studioTheme());
			render();
		}),
	];
	// Studio may have restored the panel open: nothing fires for that, so look now.
	panelButton.SetActive(widget.Enabled);
	if (widget.Enabled) mount();

	host.Unloading.Connect(() => {
		for (const connection of connections) connection.Disconnect();
		unsubscribe();
		session.dispose();
		if (tree !== undefined) Roact.unmount(tree);
		tree = undefined;
	});
	return { toolbar, trainButton, panelButton, widget, session };
}
