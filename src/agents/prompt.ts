import { promptLoader } from "../models/index.js";

/** The agents' prompts, in prompts/<name>.txt. */
export const prompt = promptLoader(new URL("./prompts/", import.meta.url));
