import { defineRule } from "../core/rule";
import { meta } from "./meta";
import { detectPythonBlockingCalls } from "./python";
import { detectBlockingCalls } from "./typescript";

export default defineRule({ meta, detectors: { typescript: detectBlockingCalls, python: detectPythonBlockingCalls } });
