// Entry point: wires the toolbar to the dock widget and nothing else (STYLE.md: thin entry points).
import { installToolbar } from "./toolbar";

installToolbar(plugin);
