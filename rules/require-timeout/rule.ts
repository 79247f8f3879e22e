import { defineRule } from "../core/rule";
import { meta } from "./meta";
import { detectMissingTimeouts } from "./typescript";

export default defineRule({ meta, detectors: { typescript: detectMissingTimeouts } });
