import { defineRule } from "../core/rule";
import { meta } from "./meta";
import { detectPythonUnboundedFanOut } from "./python";
import { detectUnboundedFanOut } from "./typescript";

export default defineRule({ meta, detectors: { typescript: detectUnboundedFanOut, python: detectPythonUnboundedFanOut } });
