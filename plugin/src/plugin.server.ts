// Entry point: wires the toolbar to the dock widget and nothing else; the logic lives in the modules it imports
// (docs/architecture.md, "Layout").
import { installToolbar } from "./toolbar";

installToolbar(plugin);
