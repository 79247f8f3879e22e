import { defineRule } from "../core/rule";
import { meta } from "./meta";
import { detectNoMisusedAsync } from "./typescript";
import { detectPythonNoMisusedAsync } from "./python";

export default defineRule({ meta, detectors: { typescript: detectNoMisusedAsync, python: detectPythonNoMisusedAsync } });
