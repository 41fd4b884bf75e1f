/* Entry module of the projector's preview in the editor: the live screen's page code, with the
 * view it was given instead of a connection (preview-socket.js). */
import { previewData, previewSocket } from "./preview-socket.js";
import { startScreen } from "./screen-page.js";

startScreen({ connect: () => previewSocket(previewData()) });
