import { defineRule } from "../core/rule";
import { meta } from "./meta";
import { detectBlockingCalls } from "./typescript";

export default defineRule({ meta, detectors: { typescript: detectBlockingCalls } });
