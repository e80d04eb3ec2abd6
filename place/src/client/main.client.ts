// Client entry: mounts the DigitLab screen into the local player's GUI.
import { Players } from "@rbxts/services";
import { createScreen } from "./screen";

const player = Players.LocalPlayer;
createScreen(player.WaitForChild("PlayerGui") as PlayerGui);
