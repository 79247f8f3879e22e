import { defineRule } from "../core/rule";
import { meta } from "./meta";
import { detectPythonUnawaitedCalls } from "./python";
import { detectUnawaitedCalls } from "./typescript";

export default defineRule({ meta, detectors: { typescript: detectUnawaitedCalls, python: detectPythonUnawaitedCalls } });
