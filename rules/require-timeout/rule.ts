import { defineRule } from "../core/rule";
import { meta } from "./meta";
import { detectPythonMissingTimeouts } from "./python";
import { detectMissingTimeouts } from "./typescript";

export default defineRule({ meta, detectors: { typescript: detectMissingTimeouts, python: detectPythonMissingTimeouts } });
