import { ReplicatedStorage } from "@rbxts/services";

export const NO_MODEL_MESSAGE = "No model in this place yet. In Studio: DigitLab toolbar → Train.";

/** Builds the on-screen panel; says how to get a model when the place has none. */
export function createScreen(parent: Instance): ScreenGui {
	const screen = new Instance("ScreenGui");
	screen.Name = "DigitLab";
	screen.ResetOnSpawn = false;

	const label = new Instance("TextLabel");
	label.Name = "Status";
	label.Size = new UDim2(1, 0, 0, 32);
	label.BackgroundTransparency = 1;
	const folder = ReplicatedStorage.FindFirstChild("DigitLab");
	label.Text = folder?.FindFirstChild("Model") ? "Draw a digit" : NO_MODEL_MESSAGE;
	label.Parent = screen;

	screen.Parent = parent;
	return screen;
}
