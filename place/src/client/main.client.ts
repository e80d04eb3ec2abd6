// Client entry: mounts the DigitLab panel into the local player's GUI.
import { GuiService, Players, ReplicatedStorage, RunService, UserInputService } from "@rbxts/services";
import { createApp } from "./app";

createApp({
	parent: Players.LocalPlayer.WaitForChild("PlayerGui"),
	root: ReplicatedStorage.FindFirstChild("DigitLab"),
	userInput: UserInputService,
	runService: RunService,
	guiService: GuiService,
});
